namespace Dashboard.FlagData;

/// <summary>The outcome of an import or sync into one environment. With errors, nothing was stored.</summary>
public sealed record FlagDataImportResult(
    IReadOnlyList<string> Errors,
    int FlagsAdded = 0,
    int FlagsChanged = 0,
    int FlagsRemoved = 0,
    int FlagsUnchanged = 0,
    int SegmentsChanged = 0)
{
    public bool Succeeded => Errors.Count == 0;

    public static FlagDataImportResult Failed(IReadOnlyList<string> errors) => new(errors);

    public static FlagDataImportResult Failed(string error) => new([error]);

    public string Describe() => Succeeded
        ? $"{FlagsAdded} flags added, {FlagsChanged} changed, {FlagsRemoved} removed, {FlagsUnchanged} unchanged; {SegmentsChanged} segments changed"
        : string.Join("; ", Errors);
}
