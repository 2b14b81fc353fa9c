using Dashboard.Data.Entities;
using Dashboard.Flags.Validation;
using Dashboard.Validation;
using Dashboard.Versions;

namespace Dashboard.Timelines;

/// <summary>
/// The rules a plan must satisfy, with one message per field: deprecation not after sunset (RFC 9745 §3 forbids a sunset
/// before the deprecation), no dates in the past, a readable version range, an http(s) guide URL, brownouts inside the
/// deprecation period, a flag with a legacy variation to retire, and no second live plan of the same flag for
/// overlapping versions and client types (every plan of a flag retires the same legacy variations).
/// </summary>
public static class PlanValidator
{
    public const int TitleMaxLength = 200;

    /// <summary>Client types and versions are keys as ingest records them; the same length limit applies.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>Time a person may spend on the form between picking "now" and saving.</summary>
    public static readonly TimeSpan PastTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The errors that block saving and the warnings that do not (e.g. short notice), each keyed by field.</summary>
    public static (FieldErrors Errors, FieldErrors Warnings) Validate(PlanInput input, PlanRules rules)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new FieldErrors();
        var warnings = new FieldErrors();
        ValidateText(input, errors);
        ValidateVariations(input, rules, errors);
        var range = ValidateRange(input, rules.ApiVersionScheme, errors);
        ValidateDates(input, rules, errors, warnings);
        ValidateBrownouts(input, rules, errors);
        if (errors.IsEmpty)
        {
            ValidateOverlap(input, range, rules, errors);
        }

        return (errors, warnings);
    }

    public const int NotesMaxLength = 4000;

    public const int OwnerMaxLength = 200;

    private static void ValidateText(PlanInput input, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors.Add("title", "Give the plan a title, e.g. \"Retire the v1 response format\".");
        }
        else
        {
            Check("title", "The title", input.Title.Trim(), TextRules.TextProblem(input.Title.Trim(), TitleMaxLength));
        }

        if (!string.IsNullOrWhiteSpace(input.MigrationGuideUrl))
        {
            Check("migrationGuideUrl", "The migration guide", input.MigrationGuideUrl, HttpUrl.Problem(input.MigrationGuideUrl.Trim()));
        }

        Check("notes", "Notes", input.Notes, TextRules.TextProblem(input.Notes, NotesMaxLength, TextRules.MultiLine));
        Check("owner", "The owner", input.Owner, TextRules.TextProblem(input.Owner?.Trim(), OwnerMaxLength));
        for (var i = 0; i < input.ClientTypes.Count; i++)
        {
            Check("clientTypes", $"Client type {i + 1}", input.ClientTypes[i], TextRules.KeyProblem(input.ClientTypes[i], MaxKeyLength));
        }

        void Check(string field, string label, string? value, string? problem)
        {
            if (value is not null && problem is not null)
            {
                errors.Add(field, $"{label} {problem}.");
            }
        }
    }

    /// <summary>A plan retires its flag's legacy variations; a sent list is only checked against them.</summary>
    private static void ValidateVariations(PlanInput input, PlanRules rules, FieldErrors errors)
    {
        if (rules.LegacyVariations.Count == 0)
        {
            errors.Add("flagKey", "This flag has no variation marked legacy, so the plan would retire nothing. Mark the variation being retired as legacy on the flag's page first.");
            return;
        }

        if (rules.LegacyVariations.Count == rules.VariationIndexes.Count)
        {
            errors.Add("flagKey", "Every variation of this flag is marked legacy, so consumers have nothing to migrate to. Remove the legacy mark from the replacement on the flag's page.");
            return;
        }

        if (input.RetiredVariations is { } sent && !sent.ToHashSet().SetEquals(rules.LegacyVariations))
        {
            errors.Add(
                "retiredVariations",
                $"A plan retires its flag's legacy variations ({string.Join(", ", rules.LegacyVariations.Order())}), not [{string.Join(", ", sent)}]. Leave retiredVariations out, or change the legacy marks on the flag.");
        }
    }

    private static (string? Lower, string? Upper) ValidateRange(PlanInput input, VersionScheme scheme, FieldErrors errors)
    {
        var lower = ReadBound(input.ApiVersionFrom, "apiVersionFrom", scheme, errors);
        var upper = ReadBound(input.ApiVersionBelow, "apiVersionBelow", scheme, errors);
        if (lower is not null && upper is not null && string.CompareOrdinal(lower, upper) >= 0)
        {
            errors.Add("apiVersionBelow", $"The upper bound (exclusive) must be above the lower bound {input.ApiVersionFrom!.Trim()}.");
        }

        return (lower, upper);
    }

    private static string? ReadBound(string? value, string field, VersionScheme scheme, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (scheme == VersionScheme.Opaque)
        {
            errors.Add(field, "This environment's API versions are opaque strings without an order, so a version range cannot apply; leave it empty.");
            return null;
        }

        var read = VersionReader.Read(value, scheme);
        if (read.Status != VersionStatus.Valid)
        {
            var example = scheme == VersionScheme.SemVer ? "2.0.0" : "2023-11-01";
            errors.Add(field, $"'{value.Trim()}' is not a {(scheme == VersionScheme.SemVer ? "semantic version" : "date version")}; use e.g. {example}.");
            return null;
        }

        return read.SortKey;
    }

    private static void ValidateDates(PlanInput input, PlanRules rules, FieldErrors errors, FieldErrors warnings)
    {
        if (input.DeprecationAt is null)
        {
            errors.Add("deprecationAt", "Set the deprecation date.");
        }

        if (input.SunsetAt is null)
        {
            errors.Add("sunsetAt", "Set the sunset date.");
        }

        NotInThePast(input.AnnounceAt, rules.Existing?.AnnounceAt, "announceAt", "announcement", rules, errors);
        NotInThePast(input.DeprecationAt, rules.Existing?.DeprecationAt, "deprecationAt", "deprecation", rules, errors);
        NotInThePast(input.SunsetAt, rules.Existing?.SunsetAt, "sunsetAt", "sunset", rules, errors);

        if (input.DeprecationAt is { } deprecation && input.SunsetAt is { } sunset && sunset < deprecation)
        {
            errors.Add("sunsetAt", "The sunset must not be before the deprecation (RFC 9745).");
        }

        if (input.AnnounceAt is { } announce && input.DeprecationAt is { } deprecationDate && announce > deprecationDate)
        {
            errors.Add("announceAt", "The announcement must come on or before the deprecation.");
        }

        if (input.DeprecationAt is { } deprecates && input.SunsetAt is { } sunsets)
        {
            WarnOnShortNotice(input.AnnounceAt, deprecates, sunsets, rules.MinimumNoticeDays, warnings);
        }
    }

    /// <summary>
    /// Consumers are told from the announcement (or, without one, the deprecation) until the sunset; less than the
    /// configured minimum is allowed but warned about on the sunset field.
    /// </summary>
    public static void WarnOnShortNotice(DateTime? announceAt, DateTime deprecationAt, DateTime sunsetAt, int minimumNoticeDays, FieldErrors warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        var noticeFrom = announceAt ?? deprecationAt;
        if (sunsetAt < noticeFrom)
        {
            return;
        }

        var notice = sunsetAt - noticeFrom;
        if (notice < TimeSpan.FromDays(minimumNoticeDays))
        {
            warnings.Add("sunsetAt", $"Consumers get {notice.TotalDays:0} days of notice, less than the recommended {minimumNoticeDays}.");
        }
    }

    /// <summary>New dates may not lie in the past; an unchanged stored date may (a running plan keeps its history).</summary>
    private static void NotInThePast(DateTime? value, DateTime? stored, string field, string label, PlanRules rules, FieldErrors errors)
    {
        if (value is { } date && date != stored && date < rules.Now - PastTolerance)
        {
            errors.Add(field, $"The {label} date lies in the past; choose a date from now on.");
        }
    }

    private static void ValidateBrownouts(PlanInput input, PlanRules rules, FieldErrors errors)
    {
        var stored = rules.Existing?.Brownouts ?? [];
        for (var i = 0; i < input.Brownouts.Count; i++)
        {
            var window = input.Brownouts[i];
            var prefix = $"brownouts[{i}].";
            if (window.StartsAt is not { } starts || window.EndsAt is not { } ends)
            {
                errors.Add(prefix + (window.StartsAt is null ? "startsAt" : "endsAt"), "Set both the start and the end of the brownout.");
                continue;
            }

            if (ends <= starts)
            {
                errors.Add(prefix + "endsAt", "The brownout must end after it starts.");
                continue;
            }

            var unchanged = stored.Any(b => b.StartsAt == starts && b.EndsAt == ends);
            if (!unchanged && starts < rules.Now - PastTolerance)
            {
                errors.Add(prefix + "startsAt", "The brownout starts in the past; choose a later start.");
            }

            if (input.DeprecationAt is { } deprecation && starts < deprecation)
            {
                errors.Add(prefix + "startsAt", "A brownout must start on or after the deprecation date.");
            }

            if (input.SunsetAt is { } sunset && ends > sunset)
            {
                errors.Add(prefix + "endsAt", "A brownout must end by the sunset date.");
            }

            for (var j = 0; j < i; j++)
            {
                if (input.Brownouts[j] is { StartsAt: { } otherStarts, EndsAt: { } otherEnds } && starts < otherEnds && otherStarts < ends)
                {
                    errors.Add(prefix + "startsAt", $"This brownout overlaps brownout {j + 1}.");
                }
            }
        }
    }

    private static void ValidateOverlap(PlanInput input, (string? Lower, string? Upper) range, PlanRules rules, FieldErrors errors)
    {
        foreach (var other in rules.SiblingPlans)
        {
            if (other.Id == rules.Existing?.Id || PlanSchedule.IsTerminal(other.Status))
            {
                continue;
            }

            if (!ClientTypesOverlap(input.ClientTypes, other.ClientTypes))
            {
                continue;
            }

            var otherLower = Bound(other.ApiVersionFrom, rules.ApiVersionScheme);
            var otherUpper = Bound(other.ApiVersionBelow, rules.ApiVersionScheme);
            if (RangesOverlap(range.Lower, range.Upper, otherLower, otherUpper))
            {
                errors.Add(
                    "apiVersionFrom",
                    $"Plan \"{other.Title}\" already retires this flag's legacy variations for overlapping API versions and client types; edit that plan, or narrow this one's version range or client types.");
            }
        }
    }

    private static string? Bound(string? value, VersionScheme scheme) =>
        string.IsNullOrWhiteSpace(value) ? null : VersionReader.Read(value, scheme) is { Status: VersionStatus.Valid } read ? read.SortKey : null;

    /// <summary>Half-open ranges [lower, upper); a null bound is unbounded.</summary>
    internal static bool RangesOverlap(string? lowerA, string? upperA, string? lowerB, string? upperB) =>
        (upperB is null || lowerA is null || string.CompareOrdinal(lowerA, upperB) < 0)
        && (upperA is null || lowerB is null || string.CompareOrdinal(lowerB, upperA) < 0);

    private static bool ClientTypesOverlap(List<string> a, List<string> b) =>
        a.Count == 0 || b.Count == 0 || a.Intersect(b, StringComparer.Ordinal).Any();
}
