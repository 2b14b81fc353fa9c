namespace Dashboard.Ingest;

/// <summary>Folds into the rollups have failed since <see cref="Since"/> (UTC); <see cref="Problem"/> is the last error.</summary>
public sealed record FoldFailure(DateTime Since, string Problem);
