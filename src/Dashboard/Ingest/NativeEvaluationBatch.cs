namespace Dashboard.Ingest;

/// <summary>Body of <c>POST /api/v1/evaluations</c>.</summary>
public sealed class NativeEvaluationBatch
{
    /// <summary>Optional environment key; when given it must be the key's environment.</summary>
    public string? Environment { get; set; }

    public List<NativeEvaluation?>? Events { get; set; }
}
