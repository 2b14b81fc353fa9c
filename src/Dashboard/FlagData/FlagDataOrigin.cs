namespace Dashboard.FlagData;

/// <summary>Where a flag or segment snapshot came from (<c>FlagSnapshot.Origin</c>).</summary>
public static class FlagDataOrigin
{
    public const string Sync = "sync";
    public const string Import = "import";
    public const string Api = "api";
    public const string Seed = "seed";
}
