using Dashboard.Data.Entities;
using Dashboard.Versions;

namespace Dashboard.Analytics;

/// <summary>
/// The part of a flag's traffic a plan is about: an API version range (missing or unreadable versions always count: they
/// were served the legacy behaviour too) and client types (empty = all).
/// </summary>
public sealed record LegacyScope(string? ApiVersionFrom, string? ApiVersionBelow, IReadOnlyList<string> ClientTypes, VersionScheme Scheme)
{
    /// <summary>"API ≥ 1.0, < 2.0, mobile" or "whole flag" when nothing narrows it.</summary>
    public string Caption => Describe(ApiVersionFrom, ApiVersionBelow, ClientTypes);

    public static string Describe(string? apiVersionFrom, string? apiVersionBelow, IReadOnlyCollection<string> clientTypes)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(apiVersionFrom) && !string.IsNullOrWhiteSpace(apiVersionBelow))
        {
            parts.Add($"API {apiVersionFrom} to < {apiVersionBelow}");
        }
        else if (!string.IsNullOrWhiteSpace(apiVersionFrom))
        {
            parts.Add($"API ≥ {apiVersionFrom}");
        }
        else if (!string.IsNullOrWhiteSpace(apiVersionBelow))
        {
            parts.Add($"API < {apiVersionBelow}");
        }

        if (clientTypes.Count > 0)
        {
            parts.Add(string.Join(", ", clientTypes));
        }

        return parts.Count == 0 ? "whole flag" : string.Join(", ", parts);
    }

    /// <summary>Whether one version (read in memory, as the policy API does per request) falls in the range.</summary>
    public bool InRange(RecordedVersion version) => InRange(version, ApiVersionFrom, ApiVersionBelow, Scheme);

    public static bool InRange(RecordedVersion version, string? from, string? below, VersionScheme scheme)
    {
        if (version.Status != VersionStatus.Valid)
        {
            return true;
        }

        return (VersionBound(from, scheme) is not { } lower || string.CompareOrdinal(version.SortKey, lower) >= 0)
            && (VersionBound(below, scheme) is not { } upper || string.CompareOrdinal(version.SortKey, upper) < 0);
    }

    /// <summary>Narrows rollups to the range and client types, in SQL.</summary>
    public IQueryable<EvaluationRollup> Apply(IQueryable<EvaluationRollup> rows) =>
        WithClientTypes(WithinVersionRange(rows, ApiVersionFrom, ApiVersionBelow, Scheme), ClientTypes);

    public static IQueryable<EvaluationRollup> WithinVersionRange(IQueryable<EvaluationRollup> rows, string? from, string? below, VersionScheme scheme)
    {
        if (VersionBound(from, scheme) is { } lower)
        {
            rows = rows.Where(r => r.ApiVersionStatus != VersionStatus.Valid || r.ApiVersionSortKey.CompareTo(lower) >= 0);
        }

        if (VersionBound(below, scheme) is { } upper)
        {
            rows = rows.Where(r => r.ApiVersionStatus != VersionStatus.Valid || r.ApiVersionSortKey.CompareTo(upper) < 0);
        }

        return rows;
    }

    public static IQueryable<EvaluationRollup> WithClientTypes(IQueryable<EvaluationRollup> rows, IReadOnlyCollection<string> clientTypes)
    {
        if (clientTypes.Count == 0)
        {
            return rows;
        }

        var types = clientTypes.ToList();
        return rows.Where(r => types.Contains(r.ClientType));
    }

    public static string? VersionBound(string? version, VersionScheme scheme) =>
        string.IsNullOrWhiteSpace(version) ? null : VersionReader.Read(version, scheme) is { Status: VersionStatus.Valid } read ? read.SortKey : null;
}
