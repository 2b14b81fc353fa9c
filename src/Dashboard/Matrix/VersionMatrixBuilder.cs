using System.Globalization;
using System.Text.Json;
using Dashboard.Data.Entities;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using Dashboard.Flags.Model;
using Dashboard.Versions;

namespace Dashboard.Matrix;

/// <summary>
/// Builds the version matrix: rows are the versions seen, the boundaries the flag's clauses test with their neighbours
/// just below and above (semver: patch −1/+1, or the lowest pre-release <c>X.Y.Z-0</c> below a <c>.0</c> patch; dates:
/// ±1 day), the values <c>in</c> clauses list, an invalid and a missing version; columns are client types. Each cell
/// evaluates a context built with the environment's consumer mapping; all cells share one regex time budget
/// (<see cref="FlagStore.RegexTimeBudget"/>), and cells left without time say so (MALFORMED_FLAG and a
/// <see cref="DiagnosticKind.RegexTimeSpent"/> diagnostic). Pure: no I/O.
/// </summary>
public static class VersionMatrixBuilder
{
    public const string MatrixContextKey = "sundial-version-matrix";
    public const string SyntheticInvalidVersion = "not-a-version";

    private const string InvalidKey = "\0invalid";
    private const string MissingKey = "\0missing";

    public static VersionMatrix Build(VersionMatrixInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clauses = FlagInspector.EnumerateClauses(input.Flag, input.Store).ToList();
        var tested = clauses.Select(c => ContextPath.Of(c.Clause)).OfType<ContextPath>().ToHashSet();
        var versionCandidates = input.Dimension == VersionDimension.ApiVersion ? input.Mapping.ApiVersionAttributes : input.Mapping.ClientVersionAttributes;
        var versionAttribute = Choose(versionCandidates, tested, input.Dimension == VersionDimension.ApiVersion ? "request.apiVersion" : "request.clientVersion");
        var clientTypeAttribute = Choose(input.Mapping.ClientTypeAttributes, tested, "request.clientType");

        var rowSpecs = CollectRows(input, clauses, versionAttribute);
        var clientTypes = CollectClientTypes(input.Recorded, clauses, clientTypeAttribute);
        var recorded = IndexRecorded(input.Recorded);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        // One regex time budget for the whole matrix, not one per cell: rows × columns cells of a flag with slow
        // patterns would otherwise take minutes. Cells evaluated after it is spent that need a regex are MALFORMED_FLAG.
        var regexBudget = new RegexBudget(input.Store.RegexTimeBudget);
        var cellsWithoutTime = 0;

        var rows = new List<VersionMatrixRow>(rowSpecs.Count);
        foreach (var spec in rowSpecs)
        {
            var cells = new VersionMatrixCell[clientTypes.Count];
            for (var column = 0; column < clientTypes.Count; column++)
            {
                var context = BuildContext(versionAttribute, spec.Version, clientTypeAttribute, clientTypes[column], values);
                var detail = input.Evaluator.Evaluate(input.Flag.Key, context, default, regexBudget);
                if (regexBudget.IsSpent && detail.Reason.ErrorKind == EvaluationErrorKind.MalformedFlag)
                {
                    cellsWithoutTime++;
                }

                var counts = recorded.TryGetValue((spec.RecordedKey, clientTypes[column]), out var found)
                    ? found.OrderByDescending(c => c.Value).ToList()
                    : (IReadOnlyList<KeyValuePair<int, long>>)[];
                cells[column] = new VersionMatrixCell(detail, counts);
            }

            rows.Add(new VersionMatrixRow(spec.Label, spec.Version, spec.Kinds, cells));
        }

        var diagnostics = MatrixDiagnostics.Find(input, clauses, versionAttribute, rows, cellsWithoutTime == 0 ? null : (regexBudget.Limit, cellsWithoutTime));
        return new VersionMatrix(input.Dimension, versionAttribute, clientTypeAttribute, clientTypes, rows, input.Variations, diagnostics);
    }

    /// <summary>Builds the context a cell evaluates: the version and client type on their mapped kinds (multi-kind when they differ).</summary>
    public static EvaluationContext BuildContext(ContextPath versionAttribute, string? version, ContextPath clientTypeAttribute, string clientType, Dictionary<string, JsonElement>? valueCache = null)
    {
        ArgumentNullException.ThrowIfNull(versionAttribute);
        ArgumentNullException.ThrowIfNull(clientTypeAttribute);
        var kinds = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal)
        {
            [versionAttribute.Kind] = [],
        };
        if (version is not null)
        {
            kinds[versionAttribute.Kind][versionAttribute.Attribute] = Value(version, valueCache);
        }

        if (clientType.Length > 0)
        {
            if (!kinds.TryGetValue(clientTypeAttribute.Kind, out var attributes))
            {
                kinds[clientTypeAttribute.Kind] = attributes = [];
            }

            attributes[clientTypeAttribute.Attribute] = Value(clientType, valueCache);
        }

        var contexts = kinds.Select(k => EvaluationContext.Create(k.Key, MatrixContextKey, k.Value)).ToList();
        return contexts.Count == 1 ? contexts[0] : EvaluationContext.CreateMulti(contexts);
    }

    /// <summary>The mapped attribute the flag's clauses test, else the first candidate.</summary>
    private static ContextPath Choose(IReadOnlyList<string> candidates, HashSet<ContextPath> tested, string fallback)
    {
        var parsed = candidates.Select(ContextPath.Parse).ToList();
        return parsed.FirstOrDefault(tested.Contains) ?? parsed.FirstOrDefault() ?? ContextPath.Parse(fallback);
    }

    private static List<RowSpec> CollectRows(VersionMatrixInput input, List<ClauseLocation> clauses, ContextPath versionAttribute)
    {
        var kinds = new Dictionary<string, VersionRowKinds>(StringComparer.Ordinal);
        void Add(string version, VersionRowKinds kind) => kinds[version] = kinds.GetValueOrDefault(version) | kind;

        var seen = input.Recorded.Where(r => r.Status == VersionStatus.Valid)
            .GroupBy(r => r.Version, StringComparer.Ordinal)
            .Select(g => (Version: g.Key, g.First().SortKey))
            .OrderBy(v => v.SortKey, StringComparer.Ordinal)
            .ToList();
        foreach (var (version, _) in seen)
        {
            Add(version, VersionRowKinds.Seen);
        }

        if (seen.Count > 0)
        {
            Add(seen[0].Version, VersionRowKinds.Minimum);
            Add(seen[^1].Version, VersionRowKinds.Latest);
        }

        foreach (var location in clauses.Where(c => versionAttribute.Equals(ContextPath.Of(c.Clause))))
        {
            var clause = location.Clause;
            if (input.Scheme == VersionScheme.SemVer)
            {
                foreach (var boundary in clause.SemVerValues)
                {
                    Add(boundary.ToString(), VersionRowKinds.Boundary);
                    if (SemVerBelow(boundary) is { } below)
                    {
                        Add(below, VersionRowKinds.BelowBoundary);
                    }

                    Add(SemVerAbove(boundary), VersionRowKinds.AboveBoundary);
                }
            }
            else if (input.Scheme == VersionScheme.Date)
            {
                foreach (var instant in clause.DateValues)
                {
                    var day = DateOnly.FromDateTime(instant.UtcDateTime);
                    Add(DateText(day), VersionRowKinds.Boundary);
                    Add(DateText(day.AddDays(-1)), VersionRowKinds.BelowBoundary);
                    Add(DateText(day.AddDays(1)), VersionRowKinds.AboveBoundary);
                }
            }

            if (clause.Operator is ClauseOperator.In or ClauseOperator.SemVerEqual)
            {
                foreach (var value in clause.Values.Where(v => v.ValueKind == JsonValueKind.String))
                {
                    Add(value.GetString()!, VersionRowKinds.RuleValue);
                }
            }
        }

        var specs = kinds
            .Select(k => (Version: k.Key, Kinds: k.Value, Read: VersionReader.Read(k.Key, input.Scheme)))
            .Where(k => k.Read.Status == VersionStatus.Valid)
            .OrderBy(k => k.Read.SortKey, StringComparer.Ordinal)
            .ThenBy(k => k.Version, StringComparer.Ordinal)
            .Select(k => new RowSpec(k.Version, k.Version, k.Kinds, k.Version))
            .ToList();

        var invalidSeen = input.Recorded.Where(r => r.Status == VersionStatus.Invalid).Select(r => r.Version)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var invalidSample = invalidSeen.FirstOrDefault() ?? SyntheticInvalidVersion;
        var invalidLabel = invalidSeen.Count == 0
            ? $"invalid ({SyntheticInvalidVersion})"
            : $"invalid ({string.Join(", ", invalidSeen.Take(3))}{(invalidSeen.Count > 3 ? ", …" : "")})";
        specs.Add(new RowSpec(invalidLabel, invalidSample, VersionRowKinds.Invalid | (invalidSeen.Count > 0 ? VersionRowKinds.Seen : 0), InvalidKey));
        specs.Add(new RowSpec("missing", null, VersionRowKinds.Missing, MissingKey));
        return specs;
    }

    private static List<string> CollectClientTypes(IReadOnlyList<RecordedCount> recorded, List<ClauseLocation> clauses, ContextPath clientTypeAttribute)
    {
        var types = new SortedSet<string>(StringComparer.Ordinal);
        types.UnionWith(recorded.Select(r => r.ClientType).Where(t => t.Length > 0));
        foreach (var location in clauses.Where(c => c.Clause.Operator == ClauseOperator.In && clientTypeAttribute.Equals(ContextPath.Of(c.Clause))))
        {
            types.UnionWith(location.Clause.Values.Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
        }

        return [.. types, ""];
    }

    private static Dictionary<(string Version, string ClientType), Dictionary<int, long>> IndexRecorded(IReadOnlyList<RecordedCount> recorded)
    {
        var index = new Dictionary<(string, string), Dictionary<int, long>>();
        foreach (var record in recorded)
        {
            var key = record.Status switch
            {
                VersionStatus.Missing => MissingKey,
                VersionStatus.Invalid => InvalidKey,
                _ => record.Version,
            };
            if (!index.TryGetValue((key, record.ClientType), out var counts))
            {
                index[(key, record.ClientType)] = counts = [];
            }

            counts[record.VariationIndex] = counts.GetValueOrDefault(record.VariationIndex) + record.Count;
        }

        return index;
    }

    /// <summary>Just below a release: the previous patch, or the lowest pre-release of a <c>.0</c> patch (which every pre-release of it is above).</summary>
    private static string? SemVerBelow(LenientSemVer boundary) =>
        boundary.Prerelease.Length > 0 ? null
        : boundary.Patch > 0 ? Format(boundary.Major, boundary.Minor, boundary.Patch - 1)
        : Format(boundary.Major, boundary.Minor, 0) + "-0";

    private static string SemVerAbove(LenientSemVer boundary) =>
        boundary.Prerelease.Length > 0 ? Format(boundary.Major, boundary.Minor, boundary.Patch) : Format(boundary.Major, boundary.Minor, boundary.Patch + 1);

    private static string Format(int major, int minor, int patch) => string.Create(CultureInfo.InvariantCulture, $"{major}.{minor}.{patch}");

    private static string DateText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonElement Value(string text, Dictionary<string, JsonElement>? cache)
    {
        if (cache is null)
        {
            return JsonSerializer.SerializeToElement(text);
        }

        if (!cache.TryGetValue(text, out var element))
        {
            cache[text] = element = JsonSerializer.SerializeToElement(text);
        }

        return element;
    }

    private sealed record RowSpec(string Label, string? Version, VersionRowKinds Kinds, string RecordedKey);
}
