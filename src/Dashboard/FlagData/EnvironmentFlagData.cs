using Dashboard.Flags;

namespace Dashboard.FlagData;

/// <summary>The flags and segments of one environment, loaded from their latest snapshots, and an evaluator over them.</summary>
/// <param name="EnvironmentId">The environment.</param>
/// <param name="Store">The latest snapshots as a flag store (empty when nothing was synced or imported).</param>
/// <param name="Evaluator">Evaluates over <paramref name="Store"/>.</param>
/// <param name="LoadedAt">When the snapshots were read.</param>
/// <param name="Problems">Why stored snapshots could not be loaded; empty normally.</param>
public sealed record EnvironmentFlagData(int EnvironmentId, FlagStore Store, IFlagEvaluator Evaluator, DateTimeOffset LoadedAt, IReadOnlyList<string> Problems);
