using Dashboard.Data.Entities;

namespace Dashboard.Matrix;

/// <summary>Recorded evaluations of a flag for one (version, client type, variation), summed over the period.</summary>
public sealed record RecordedCount(string Version, VersionStatus Status, string SortKey, string ClientType, int VariationIndex, long Count, int Consumers);
