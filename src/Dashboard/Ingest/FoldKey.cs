namespace Dashboard.Ingest;

/// <summary>A rollup row of one environment, before flag and consumer ids are known.</summary>
public readonly record struct FoldKey(int EnvironmentId, RollupKey Rollup);
