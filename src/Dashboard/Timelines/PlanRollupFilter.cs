using Dashboard.Data.Entities;
using Dashboard.Versions;

namespace Dashboard.Timelines;

/// <summary>
/// Narrows hourly rollups to the evaluations a plan is about: its retired variations, its API version range (missing
/// or unreadable versions always count: they were served the retired behaviour too) and its client types.
/// </summary>
internal static class PlanRollupFilter
{
    public static IQueryable<EvaluationRollup> RetiredBehaviour(
        IQueryable<EvaluationRollup> rows, int flagId, List<int> retiredVariations, string? apiVersionFrom, string? apiVersionBelow, List<string> clientTypes, VersionScheme scheme)
    {
        rows = rows.Where(r => r.FlagId == flagId && retiredVariations.Contains(r.VariationIndex));
        rows = WithinVersionRange(rows, apiVersionFrom, apiVersionBelow, scheme);
        return WithClientTypes(rows, clientTypes);
    }

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

    public static IQueryable<EvaluationRollup> WithClientTypes(IQueryable<EvaluationRollup> rows, List<string> clientTypes) =>
        clientTypes.Count == 0 ? rows : rows.Where(r => clientTypes.Contains(r.ClientType));

    /// <summary>The same range test for one version in memory (the policy API decides per request).</summary>
    public static bool InRange(RecordedVersion version, string? from, string? below, VersionScheme scheme)
    {
        if (version.Status != VersionStatus.Valid)
        {
            return true;
        }

        return (VersionBound(from, scheme) is not { } lower || string.CompareOrdinal(version.SortKey, lower) >= 0)
            && (VersionBound(below, scheme) is not { } upper || string.CompareOrdinal(version.SortKey, upper) < 0);
    }

    public static string? VersionBound(string? version, VersionScheme scheme) =>
        string.IsNullOrWhiteSpace(version) ? null : VersionReader.Read(version, scheme) is { Status: VersionStatus.Valid } read ? read.SortKey : null;
}
