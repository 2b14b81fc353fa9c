using System.Globalization;
using System.Text.Json;
using Dashboard.Flags.Validation;
using Dashboard.Options;
using Dashboard.Validation;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// Parses and validates a native batch into an <see cref="IngestWork"/>. All or nothing: any bad event refuses the
/// whole batch, naming each event index and field.
/// </summary>
public sealed class NativeEvaluationReader(FlagCatalog flagCatalog, IOptions<IngestOptions> options, TimeProvider timeProvider)
{
    /// <summary>Flags that learn variations from events accept indexes below this.</summary>
    public const int MaxDiscoveredVariations = 100;

    private const int MaxValueJsonLength = 4096;

    /// <summary>Fills <paramref name="work"/>; returns the reason to refuse the batch, or null when it was accepted.</summary>
    public async Task<IngestRejection?> ReadAsync(ReadOnlyMemory<byte> body, string? queryEnvironment, IngestWork work, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        NativeEvaluationBatch? batch;
        try
        {
            batch = JsonSerializer.Deserialize(body.Span, IngestJsonContext.Default.NativeEvaluationBatch);
        }
        catch (JsonException exception)
        {
            return IngestRejection.Invalid(FieldOf(exception.Path), JsonProblem(exception));
        }

        var environmentKey = batch?.Environment ?? queryEnvironment;
        if (environmentKey is not null && !string.Equals(environmentKey, work.Environment.Key, StringComparison.Ordinal))
        {
            return new IngestRejection(
                StatusCodes.Status403Forbidden,
                "wrong-environment",
                "Key of another environment",
                $"This key belongs to environment '{work.Environment.Key}', not '{environmentKey}'.");
        }

        var events = batch?.Events;
        if (events is null || events.Count == 0)
        {
            return IngestRejection.Invalid("events", "must contain at least one event");
        }

        if (events.Count > limits.MaxEventsPerBatch)
        {
            return IngestRejection.TooLarge(string.Create(CultureInfo.InvariantCulture, $"A batch may hold at most {limits.MaxEventsPerBatch} events; this one has {events.Count}."));
        }

        var flags = await flagCatalog.FindAsync(
            work.Environment.Id, events.Select(e => e?.FlagKey).OfType<string>(), cancellationToken);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var oldest = now.AddDays(-limits.RetentionDays);
        var newest = now + limits.MaxClockSkew;
        var errors = IngestRejection.NewErrors();
        // Events go straight into the work; a batch with any bad event is refused whole and the work dropped.
        // Field names ("events[3].count") are built only for bad events: a 1,000-event batch would otherwise make thousands.
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not { } item)
            {
                errors.Add(FieldOf(i), "must be an object");
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.FlagKey))
            {
                errors.Add(FieldOf(i, "flagKey"), "is required");
            }
            else
            {
                CheckKey(errors, i, "flagKey", item.FlagKey, limits.MaxStringLength);
            }

            CheckKey(errors, i, "consumer", item.Consumer, limits.MaxStringLength);
            CheckKey(errors, i, "tenantId", item.TenantId, limits.MaxStringLength);
            CheckKey(errors, i, "apiVersion", item.ApiVersion, limits.MaxStringLength);
            CheckKey(errors, i, "clientType", item.ClientType, limits.MaxStringLength);
            CheckKey(errors, i, "clientVersion", item.ClientVersion, limits.MaxStringLength);

            var count = item.Count ?? 1;
            if (count < 1 || count > limits.MaxCount)
            {
                errors.Add(FieldOf(i, "count"), string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {limits.MaxCount}"));
            }

            var at = item.Timestamp?.UtcDateTime ?? now;
            if (at < oldest || at > newest)
            {
                errors.Add(FieldOf(i, "timestamp"), string.Create(
                    CultureInfo.InvariantCulture,
                    $"must lie between {limits.RetentionDays} days ago and {limits.MaxClockSkew.TotalMinutes:0} minutes from now (server time {now:O})"));
            }

            var valueJson = item.Value is { } value ? value.GetRawText() : null;
            if (valueJson is { Length: > MaxValueJsonLength })
            {
                errors.Add(FieldOf(i, "value"), string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxValueJsonLength} characters of JSON"));
            }

            var variationIndex = ResolveVariation(item, valueJson, flags, i, errors);
            // Once any event is bad the batch is refused, so later good ones need not be tallied.
            if (errors.IsEmpty)
            {
                var consumer = NonEmpty(item.Consumer) ?? NonEmpty(item.TenantId) ?? IngestStore.UnattributedConsumerKey;
                var evaluation = new EvaluationEvent(item.FlagKey!.Trim(), item.Variation, valueJson, consumer, item.ApiVersion, item.ClientType, item.ClientVersion, at, count);
                work.Add(evaluation, variationIndex, HourStartOf(at));
            }
        }

        if (!errors.IsEmpty)
        {
            return IngestRejection.Invalid(errors);
        }

        work.EventCount = events.Count;
        return null;
    }

    public static long HourStartOf(DateTime at)
    {
        var seconds = new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds();
        return seconds - (((seconds % 3600) + 3600) % 3600);
    }

    internal static string FieldOf(string? jsonPath) =>
        jsonPath is null or "$" ? "body" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');

    internal static string JsonProblem(JsonException exception) =>
        exception.LineNumber is null
            ? "is not valid JSON or has the wrong type"
            : string.Create(CultureInfo.InvariantCulture, $"is not valid JSON or has the wrong type (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})");

    private static string FieldOf(int eventIndex, string? name = null) =>
        name is null
            ? string.Create(CultureInfo.InvariantCulture, $"events[{eventIndex}]")
            : string.Create(CultureInfo.InvariantCulture, $"events[{eventIndex}].{name}");

    private static void CheckKey(FieldErrors errors, int eventIndex, string name, string? value, int maxLength)
    {
        if (TextRules.KeyProblem(value, maxLength) is { } problem)
        {
            errors.Add(FieldOf(eventIndex, name), problem);
        }
    }

    private static int ResolveVariation(
        NativeEvaluation item, string? valueJson, IReadOnlyDictionary<string, KnownFlag> flags, int eventIndex, FieldErrors errors)
    {
        var flag = item.FlagKey is null ? null : flags.GetValueOrDefault(item.FlagKey.Trim());
        if (item.Variation is { } index)
        {
            if (index < 0)
            {
                errors.Add(FieldOf(eventIndex, "variation"), "must be 0 or greater");
            }
            else if (flag is { HasFixedVariations: true } && index >= flag.Variations.Count)
            {
                errors.Add(FieldOf(eventIndex, "variation"), string.Create(
                    CultureInfo.InvariantCulture,
                    $"is out of range: flag '{flag.Key}' has {flag.Variations.Count} variations (0..{flag.Variations.Count - 1})"));
            }
            else if (index >= MaxDiscoveredVariations && flag is not { HasFixedVariations: true })
            {
                errors.Add(FieldOf(eventIndex, "variation"), string.Create(CultureInfo.InvariantCulture, $"must be below {MaxDiscoveredVariations} for a flag Sundial has not synced"));
            }

            return index;
        }

        if (valueJson is null)
        {
            errors.Add(FieldOf(eventIndex, "variation"), "a variation index or a value is required");
            return RollupKey.NoVariation;
        }

        if (flag is null)
        {
            return RollupKey.UnresolvedVariation;
        }

        var value = System.Text.Json.Nodes.JsonNode.Parse(valueJson);
        if (flag.FindIndexOfValue(value) is { } found)
        {
            return found;
        }

        if (flag.HasFixedVariations)
        {
            errors.Add(FieldOf(eventIndex, "value"), $"is not one of the variations of flag '{flag.Key}'");
        }

        return RollupKey.UnresolvedVariation;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
