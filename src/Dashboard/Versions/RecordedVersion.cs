using Dashboard.Data.Entities;

namespace Dashboard.Versions;

/// <summary>
/// A version value as stored: the value sent (empty when missing), whether it was readable, and a key that sorts
/// versions in their scheme's order with invalid and missing values last.
/// </summary>
public readonly record struct RecordedVersion(string Value, VersionStatus Status, string SortKey);
