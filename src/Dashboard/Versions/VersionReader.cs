using System.Globalization;
using Dashboard.Data.Entities;
using Semver;

namespace Dashboard.Versions;

/// <summary>
/// Reads version values under an environment's scheme. Never fails: a missing value is recorded as missing and an
/// unreadable one as invalid, because both are facts worth counting (metadata health).
/// </summary>
public static class VersionReader
{
    /// <summary>Sort key of missing values: after every valid and invalid version.</summary>
    public const string MissingSortKey = "~~missing";

    private const string InvalidSortKeyPrefix = "~invalid:";

    public static RecordedVersion Read(string? raw, VersionScheme scheme)
    {
        var value = raw?.Trim() ?? "";
        if (value.Length == 0)
        {
            return new RecordedVersion("", VersionStatus.Missing, MissingSortKey);
        }

        var sortKey = scheme switch
        {
            VersionScheme.SemVer => SemVerSortKey(value),
            VersionScheme.Date => DateSortKey(value),
            _ => value,
        };
        return sortKey is null
            ? new RecordedVersion(value, VersionStatus.Invalid, InvalidSortKeyPrefix + value)
            : new RecordedVersion(value, VersionStatus.Valid, sortKey);
    }

    /// <summary>Lenient like LaunchDarkly: <c>2</c> and <c>2.1</c> read as <c>2.0.0</c> and <c>2.1.0</c>; a leading <c>v</c> is not a version.</summary>
    public static SemVersion? ParseSemVer(string value) =>
        SemVersion.TryParse(value, SemVersionStyles.OptionalMinorPatch, out var version) ? version : null;

    private static string? SemVerSortKey(string value)
    {
        var version = ParseSemVer(value);
        if (version is null || version.Major > 999_999_999 || version.Minor > 999_999_999 || version.Patch > 999_999_999)
        {
            return null;
        }

        // Zero-padded numbers sort numerically as text; a release ("~") sorts after its pre-releases.
        var core = string.Create(CultureInfo.InvariantCulture, $"{version.Major:D9}.{version.Minor:D9}.{version.Patch:D9}");
        return version.IsPrerelease ? core + "-" + version.Prerelease : core + "~";
    }

    private static string? DateSortKey(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : null;
}
