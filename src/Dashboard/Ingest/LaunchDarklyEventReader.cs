using System.Globalization;
using System.Text.Json;
using Dashboard.Options;
using Dashboard.Validation;
using Microsoft.Extensions.Options;

namespace Dashboard.Ingest;

/// <summary>
/// Reads an event payload as LaunchDarkly server SDKs post it (event schema 4) into an <see cref="IngestWork"/>.
/// <list type="bullet">
/// <item><c>index</c>, <c>identify</c>, <c>custom</c> events: contexts, used to complete feature events that carry only <c>contextKeys</c>.</item>
/// <item><c>feature</c> events (flags with <c>trackEvents</c>): one evaluation attributed to its context through the environment's consumer mapping.</item>
/// <item><c>summary</c> events: the count of every evaluation by flag and variation; what feature events did not attribute is counted for the unattributed consumer.</item>
/// </list>
/// Unknown kinds and fields are ignored, as LaunchDarkly's own event recorder does.
/// </summary>
public sealed class LaunchDarklyEventReader(IOptions<IngestOptions> options, TimeProvider timeProvider)
{
    public const string SupportedSchema = "4";

    private readonly record struct FeatureCount(string FlagKey, int Variation);

    public IngestRejection? Read(ReadOnlyMemory<byte> body, IngestWork work)
    {
        var limits = options.Value;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return IngestRejection.Invalid("body", NativeEvaluationReader.JsonProblem(exception));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return IngestRejection.Invalid("body", "must be a JSON array of events");
            }

            // The SDK adds its summary on top of a full queue, so only the other events count against the limit.
            var countedEvents = root.EnumerateArray().Count(e => !IsKind(e, "summary"));
            if (countedEvents > limits.MaxEventsPerBatch)
            {
                return IngestRejection.TooLarge(string.Create(CultureInfo.InvariantCulture, $"A payload may hold at most {limits.MaxEventsPerBatch} events; this one has {countedEvents}."));
            }

            var state = new ReadState(work, limits, timeProvider.GetUtcNow().UtcDateTime);
            CollectContexts(root, state);
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"[{index++}]");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    state.Errors.Add(field, "must be an object");
                }
                else if (IsKind(item, "feature"))
                {
                    ReadFeature(item, field, state);
                }
            }

            index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"[{index++}]");
                if (IsKind(item, "summary"))
                {
                    ReadSummary(item, field, state);
                }
            }

            if (!state.Errors.IsEmpty)
            {
                return IngestRejection.Invalid(state.Errors);
            }

            foreach (var evaluation in state.Accepted)
            {
                work.Add(evaluation, evaluation.VariationIndex ?? RollupKey.NoVariation, NativeEvaluationReader.HourStartOf(evaluation.At));
            }

            work.EventCount = root.GetArrayLength();
            return null;
        }
    }

    private sealed class ReadState(IngestWork work, IngestOptions limits, DateTime now)
    {
        public IngestWork Work { get; } = work;

        public IngestOptions Limits { get; } = limits;

        public DateTime Now { get; } = now;

        public FieldErrors Errors { get; } = IngestRejection.NewErrors();

        public List<EvaluationEvent> Accepted { get; } = [];

        public Dictionary<(string Kind, string Key), LaunchDarklyContext> Contexts { get; } = [];

        /// <summary>Evaluations already attributed by feature events, per flag and variation, to subtract from summaries.</summary>
        public Dictionary<FeatureCount, long> Attributed { get; } = [];
    }

    private static bool IsKind(JsonElement item, string kind) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("kind", out var value) && value.ValueKind == JsonValueKind.String && value.ValueEquals(kind);

    private static void CollectContexts(JsonElement root, ReadState state)
    {
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("context", out var contextElement)
                && LaunchDarklyContext.FromJson(contextElement) is { } context)
            {
                foreach (var kindAndKey in context.KindsAndKeys)
                {
                    state.Contexts.TryAdd(kindAndKey, context);
                }
            }
        }
    }

    private static void ReadFeature(JsonElement item, string field, ReadState state)
    {
        var flagKey = ReadFlagKey(item, field + ".key", state);
        var at = ReadTime(item, "creationDate", field, state);
        var variation = ReadVariation(item, field, state);
        LaunchDarklyContext? context = null;
        if (item.TryGetProperty("context", out var contextElement))
        {
            context = LaunchDarklyContext.FromJson(contextElement);
        }
        else if (item.TryGetProperty("contextKeys", out var keysElement) && LaunchDarklyContext.FromContextKeys(keysElement) is { } keysOnly)
        {
            // Older SDKs send keys only; the attributes come from an index event in the same payload, when there is one.
            foreach (var kindAndKey in keysOnly.KindsAndKeys)
            {
                if (state.Contexts.TryGetValue(kindAndKey, out var full))
                {
                    keysOnly.CompleteFrom(full);
                }
            }

            context = keysOnly;
        }

        if (flagKey is null || at is null || variation is null)
        {
            return;
        }

        var mapping = state.Work.Environment.ConsumerMapping;
        var consumer = Mapped(context?.Resolve(mapping.ConsumerKeyAttributes), field + ".context (consumer)", state) ?? IngestStore.UnattributedConsumerKey;
        var apiVersion = Mapped(context?.Resolve(mapping.ApiVersionAttributes), field + ".context (apiVersion)", state);
        var clientType = Mapped(context?.Resolve(mapping.ClientTypeAttributes), field + ".context (clientType)", state);
        var clientVersion = Mapped(context?.Resolve(mapping.ClientVersionAttributes), field + ".context (clientVersion)", state);
        var valueJson = item.TryGetProperty("value", out var value) ? value.GetRawText() : null;
        state.Accepted.Add(new EvaluationEvent(flagKey, variation.Value, valueJson, consumer, apiVersion, clientType, clientVersion, at.Value, 1));
        var counted = new FeatureCount(flagKey, variation.Value);
        state.Attributed[counted] = state.Attributed.GetValueOrDefault(counted) + 1;
    }

    private static void ReadSummary(JsonElement item, string field, ReadState state)
    {
        var at = ReadTime(item, "endDate", field, state);
        if (!item.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Object)
        {
            state.Errors.Add(field + ".features", "must be an object of flag summaries");
            return;
        }

        foreach (var feature in features.EnumerateObject())
        {
            var featureField = field + ".features." + feature.Name;
            if (!state.Errors.CheckKey(featureField, feature.Name, state.Limits.MaxStringLength))
            {
                continue;
            }

            if (!feature.Value.TryGetProperty("counters", out var counters) || counters.ValueKind != JsonValueKind.Array)
            {
                state.Errors.Add(featureField + ".counters", "must be an array");
                continue;
            }

            var counterIndex = 0;
            foreach (var counter in counters.EnumerateArray())
            {
                var counterField = string.Create(CultureInfo.InvariantCulture, $"{featureField}.counters[{counterIndex++}]");
                var variation = ReadVariation(counter, counterField, state);
                if (!counter.TryGetProperty("count", out var countElement) || !countElement.TryGetInt64(out var count) || count < 1 || count > state.Limits.MaxCount)
                {
                    state.Errors.Add(counterField + ".count", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {state.Limits.MaxCount}"));
                    continue;
                }

                if (variation is null || at is null)
                {
                    continue;
                }

                var counted = new FeatureCount(feature.Name, variation.Value);
                var attributed = Math.Min(count, state.Attributed.GetValueOrDefault(counted));
                state.Attributed[counted] = state.Attributed.GetValueOrDefault(counted) - attributed;
                if (count > attributed)
                {
                    var valueJson = counter.TryGetProperty("value", out var value) ? value.GetRawText() : null;
                    state.Accepted.Add(new EvaluationEvent(feature.Name, variation.Value, valueJson, IngestStore.UnattributedConsumerKey, null, null, null, at.Value, count - attributed));
                }
            }
        }
    }

    private static string? ReadFlagKey(JsonElement item, string field, ReadState state)
    {
        if (!item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(key.GetString()))
        {
            state.Errors.Add(field, "is required");
            return null;
        }

        var flagKey = key.GetString()!;
        return state.Errors.CheckKey(field, flagKey, state.Limits.MaxStringLength) ? flagKey : null;
    }

    /// <summary>The variation index; <see cref="RollupKey.NoVariation"/> when the SDK served the default without one.</summary>
    private static int? ReadVariation(JsonElement item, string field, ReadState state)
    {
        if (!item.TryGetProperty("variation", out var variation) || variation.ValueKind == JsonValueKind.Null)
        {
            return RollupKey.NoVariation;
        }

        if (!variation.TryGetInt32(out var index) || index < 0 || index >= NativeEvaluationReader.MaxDiscoveredVariations)
        {
            state.Errors.Add(field + ".variation", string.Create(CultureInfo.InvariantCulture, $"must be an integer between 0 and {NativeEvaluationReader.MaxDiscoveredVariations - 1}"));
            return null;
        }

        return index;
    }

    /// <summary>Reads a Unix-milliseconds timestamp; a missing one means "now".</summary>
    private static DateTime? ReadTime(JsonElement item, string property, string field, ReadState state)
    {
        if (!item.TryGetProperty(property, out var value))
        {
            return state.Now;
        }

        if (!value.TryGetInt64(out var milliseconds) || milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            state.Errors.Add(field + "." + property, "must be a Unix time in milliseconds");
            return null;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
        if (at < state.Now.AddDays(-state.Limits.RetentionDays) || at > state.Now + state.Limits.MaxClockSkew)
        {
            state.Errors.Add(field + "." + property, string.Create(
                CultureInfo.InvariantCulture,
                $"must lie between {state.Limits.RetentionDays} days ago and {state.Limits.MaxClockSkew.TotalMinutes:0} minutes from now (server time {state.Now:O})"));
            return null;
        }

        return at;
    }

    private static string? Mapped(string? value, string field, ReadState state) =>
        value is not null && state.Errors.CheckKey(field, value, state.Limits.MaxStringLength) ? value : null;
}
