using System.Globalization;
using Dashboard.Data.Entities;
using Dashboard.Flags;
using Dashboard.Flags.Model;

namespace Dashboard.Matrix;

/// <summary>Looks for the classic targeting failures in a flag evaluated across the matrix (DESIGN.md, job 6).</summary>
internal static class MatrixDiagnostics
{
    /// <param name="regexTimeSpent">The regex time budget and how many cells it left unevaluated, when it ran out.</param>
    public static IReadOnlyList<FlagDiagnostic> Find(
        VersionMatrixInput input, List<ClauseLocation> clauses, ContextPath versionAttribute, List<VersionMatrixRow> rows, (TimeSpan Budget, int Cells)? regexTimeSpent = null)
    {
        var diagnostics = new List<FlagDiagnostic>();
        if (regexTimeSpent is var (budget, cells))
        {
            diagnostics.Add(new FlagDiagnostic(
                DiagnosticKind.RegexTimeSpent,
                string.Create(CultureInfo.InvariantCulture, $"The flag's \"matches\" regular expressions used all {budget.TotalMilliseconds:0} ms this matrix may spend on them: {cells} cells were not evaluated and show MALFORMED_FLAG, and other findings below may be incomplete."),
                "Simplify the patterns (nested repetition such as (a+)+ can take exponential time), or test the attribute with in, startsWith or endsWith instead."));
        }

        var legacy = input.Variations.Where(v => v.IsLegacy).Select(v => v.Index).ToHashSet();
        string Label(int? index) => index is { } i
            ? input.Variations.FirstOrDefault(v => v.Index == i)?.Label ?? $"variation {i}"
            : "the caller's default";

        // The rows vary only the chosen version: when no rule tests it, identical cells say nothing about the rules.
        if (!RulesTargetOtherAttribute(input, clauses, versionAttribute, diagnostics))
        {
            SingleVariation(input, rows, diagnostics, Label);
        }

        DefaultNotLegacy(input, legacy, diagnostics, Label);
        StrictComparisons(input, clauses, versionAttribute, rows, legacy, diagnostics, Label);
        UnknownAttributes(input, clauses, diagnostics);
        UnreadableVersionsGetNew(rows, versionAttribute, legacy, diagnostics, Label);
        MissingMetadata(input, versionAttribute, diagnostics);
        return diagnostics;
    }

    private static void SingleVariation(VersionMatrixInput input, List<VersionMatrixRow> rows, List<FlagDiagnostic> diagnostics, Func<int?, string> label)
    {
        var outcomes = rows.SelectMany(r => r.Cells).Select(c => c.Evaluated.VariationIndex).Distinct().ToList();
        if (outcomes.Count != 1)
        {
            return;
        }

        diagnostics.Add(input.Flag.On
            ? new FlagDiagnostic(
                DiagnosticKind.SingleVariation,
                $"Every evaluated version and client type gets {label(outcomes[0])}: the rules never tell versions apart.",
                "Check that the rules test the attribute providers send (see the consumer mapping) with the intended operator and values.")
            : new FlagDiagnostic(
                DiagnosticKind.SingleVariation,
                $"The flag is off, so everyone gets {label(outcomes[0])}.",
                "Turn targeting on in LaunchDarkly when the rules are ready."));
    }

    /// <returns>True when the flag is on and its rules test attributes, but not the one the rows set.</returns>
    private static bool RulesTargetOtherAttribute(VersionMatrixInput input, List<ClauseLocation> clauses, ContextPath versionAttribute, List<FlagDiagnostic> diagnostics)
    {
        var tested = clauses.Select(c => ContextPath.Of(c.Clause)).OfType<ContextPath>()
            .Where(a => a.Attribute != "key")
            .Distinct()
            .ToList();
        if (!input.Flag.On || tested.Count == 0 || tested.Contains(versionAttribute))
        {
            return false;
        }

        var (shown, other, otherCandidates) = input.Dimension == VersionDimension.ApiVersion
            ? ("API versions", "Client version", input.Mapping.ClientVersionAttributes)
            : ("client versions", "API version", input.Mapping.ApiVersionAttributes);
        var otherTested = otherCandidates.Select(ContextPath.Parse).Any(tested.Contains);
        var testedText = string.Join(", ", tested.Select(a => a.ToString()).Order(StringComparer.Ordinal));
        diagnostics.Add(new FlagDiagnostic(
            DiagnosticKind.RulesTargetOtherAttribute,
            $"This flag's rules do not target {shown} ({versionAttribute}); they test {testedText}. The cells evaluate contexts without those attributes, so every row gets the same result, while \"got …\" shows what consumers with them actually received.",
            otherTested
                ? $"Show rows by {other} to see where the rules tell versions apart."
                : $"Nothing to fix if the flag is not meant to depend on {shown}."));
        return true;
    }

    private static void DefaultNotLegacy(VersionMatrixInput input, HashSet<int> legacy, List<FlagDiagnostic> diagnostics, Func<int?, string> label)
    {
        var legacyEvaluations = input.Recorded.Where(r => legacy.Contains(r.VariationIndex)).Sum(r => r.Count);
        if (legacy.Count == 0 || legacyEvaluations == 0)
        {
            return;
        }

        var legacyCount = legacyEvaluations.ToString("N0", CultureInfo.InvariantCulture);
        if (input.Flag.Fallthrough.Variation is { } fallthrough && !legacy.Contains(fallthrough))
        {
            diagnostics.Add(new FlagDiagnostic(
                DiagnosticKind.DefaultNotLegacy,
                $"The default rule serves {label(fallthrough)}, not the legacy behaviour, while {legacyCount} recorded evaluations still get legacy: a client with a missing or unexpected version would be switched to the new behaviour.",
                "Serve the legacy variation as the default rule and target the new behaviour with a rule on the version."));
        }

        if (input.Flag.OffVariation is { } off && !legacy.Contains(off))
        {
            diagnostics.Add(new FlagDiagnostic(
                DiagnosticKind.DefaultNotLegacy,
                $"Turning the flag off serves {label(off)}, not the legacy behaviour, while {legacyCount} recorded evaluations still get legacy.",
                "Set the off variation to the legacy variation, so switching the flag off is a safe rollback."));
        }
    }

    private static void StrictComparisons(
        VersionMatrixInput input,
        List<ClauseLocation> clauses,
        ContextPath versionAttribute,
        List<VersionMatrixRow> rows,
        HashSet<int> legacy,
        List<FlagDiagnostic> diagnostics,
        Func<int?, string> label)
    {
        if (legacy.Count == 0)
        {
            return;
        }

        foreach (var location in clauses)
        {
            var clause = location.Clause;
            if (clause.Negate || clause.Operator is not (ClauseOperator.SemVerGreaterThan or ClauseOperator.After) || !versionAttribute.Equals(ContextPath.Of(clause)))
            {
                continue;
            }

            var boundaries = clause.Operator == ClauseOperator.SemVerGreaterThan
                ? clause.SemVerValues.Select(v => v.ToString())
                : clause.DateValues.Select(d => d.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var boundary in boundaries)
            {
                var row = rows.FirstOrDefault(r => r.Version == boundary);
                var served = row?.Cells.Select(c => c.Evaluated.VariationIndex).FirstOrDefault(i => i is { } index && legacy.Contains(index));
                if (served is null)
                {
                    continue;
                }

                diagnostics.Add(new FlagDiagnostic(
                    DiagnosticKind.StrictComparison,
                    $"{Where(input.Flag, location)} uses {clause.OperatorName} {boundary}: version {boundary} itself is served {label(served)}.",
                    clause.Operator == ClauseOperator.SemVerGreaterThan
                        ? $"If {boundary} should get the new behaviour, use \"is at least\": semVerLessThan {boundary} with negate (LaunchDarkly's \"not less than\")."
                        : $"If {boundary} should get the new behaviour, use \"not before\": before {boundary} with negate."));
            }
        }
    }

    /// <summary>
    /// LaunchDarkly's "not less than" (a negated semVerLessThan or before) also matches values that do not parse, so a
    /// consumer sending "v1" or "latest" is switched to the new behaviour while real old versions keep legacy.
    /// </summary>
    private static void UnreadableVersionsGetNew(
        List<VersionMatrixRow> rows, ContextPath versionAttribute, HashSet<int> legacy, List<FlagDiagnostic> diagnostics, Func<int?, string> label)
    {
        var invalid = rows.FirstOrDefault(r => r.Kinds.HasFlag(VersionRowKinds.Invalid));
        if (legacy.Count == 0 || invalid is null)
        {
            return;
        }

        var servedNew = invalid.Cells.Select(c => c.Evaluated.VariationIndex).FirstOrDefault(i => i is { } index && !legacy.Contains(index));
        var validGetLegacy = rows.Any(r => r.Version is not null && !r.Kinds.HasFlag(VersionRowKinds.Invalid)
            && r.Cells.Any(c => c.Evaluated.VariationIndex is { } index && legacy.Contains(index)));
        if (servedNew is null || !validGetLegacy)
        {
            return;
        }

        diagnostics.Add(new FlagDiagnostic(
            DiagnosticKind.UnreadableVersionGetsNew,
            $"Versions that do not parse ({invalid.Label}) get {label(servedNew)}, while valid old versions get legacy: a negated comparison (\"not less than\") matches every value that is not a valid smaller version.",
            $"Add a clause to that rule which only readable versions pass, e.g. {versionAttribute.Attribute} semVerGreaterThan 0.0.0-0, so unreadable versions fall through to the legacy default; and ask those consumers to send a real version."));
    }

    private static void UnknownAttributes(VersionMatrixInput input, List<ClauseLocation> clauses, List<FlagDiagnostic> diagnostics)
    {
        var mapping = input.Mapping;
        var carried = mapping.ConsumerKeyAttributes.Concat(mapping.ApiVersionAttributes).Concat(mapping.ClientTypeAttributes).Concat(mapping.ClientVersionAttributes)
            .Select(ContextPath.Parse)
            .ToHashSet();
        var reported = new HashSet<ContextPath>();
        foreach (var location in clauses)
        {
            // Every context has a key; an unmapped attribute is only a problem if the context never carries it.
            if (ContextPath.Of(location.Clause) is not { } attribute || attribute.Attribute == "key" || carried.Contains(attribute) || !reported.Add(attribute))
            {
                continue;
            }

            diagnostics.Add(new FlagDiagnostic(
                DiagnosticKind.UnknownAttribute,
                $"{Where(input.Flag, location)} tests {attribute}, which the recorded contexts never carry (they carry {string.Join(", ", carried.Select(c => c.ToString()).Order(StringComparer.Ordinal))}).",
                $"Send \"{attribute.Attribute}\" in the \"{attribute.Kind}\" context from the provider, or, if providers already send it, add {attribute} to the consumer mapping in Settings → Environments."));
        }
    }

    private static void MissingMetadata(VersionMatrixInput input, ContextPath versionAttribute, List<FlagDiagnostic> diagnostics)
    {
        var total = input.Recorded.Sum(r => r.Count);
        var missing = input.Recorded.Where(r => r.Status == VersionStatus.Missing).Sum(r => r.Count);
        if (missing == 0)
        {
            return;
        }

        var share = (double)missing / total;
        diagnostics.Add(new FlagDiagnostic(
            DiagnosticKind.MissingVersionMetadata,
            string.Create(CultureInfo.InvariantCulture, $"{missing:N0} recorded evaluations ({share * 100:0.0}%) carried no {versionAttribute.Attribute}; they get whatever a missing version gets (see the \"missing\" row)."),
            input.Dimension == VersionDimension.ApiVersion
                ? "Ask those consumers to send X-API-Version, or have providers fill a default version (Dashboard.Client metadata defaults) so they are not switched by accident."
                : "Ask those consumers to send X-Client-Version, or have providers fill a default client version."));
    }

    private static string Where(FeatureFlag flag, ClauseLocation location)
    {
        var ruleNumber = location.RuleIndex + 1;
        if (location.SegmentKey is not null)
        {
            return $"Segment \"{location.SegmentKey}\" rule {ruleNumber}";
        }

        var id = flag.Rules[location.RuleIndex].Id;
        return id is { Length: > 0 } ? $"Rule {ruleNumber} (\"{id}\")" : $"Rule {ruleNumber}";
    }
}
