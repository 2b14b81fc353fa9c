using Dashboard.Data.Entities;
using Dashboard.Versions;
using Microsoft.Extensions.ObjectPool;

namespace Dashboard.Ingest;

/// <summary>
/// One validated request, pre-aggregated into rollup tallies, waiting for the writer. The request awaits
/// <see cref="Completion"/>, which the writer sets after the commit that holds it.
/// </summary>
public sealed class IngestWork
{
    public IngestWork(IngestEnvironment environment, string idempotencyKey, string payloadHash, string origin, int? apiKeyId, string keyLabel)
    {
        Environment = environment;
        IdempotencyKey = idempotencyKey;
        PayloadHash = payloadHash;
        Origin = origin;
        ApiKeyId = apiKeyId;
        KeyLabel = keyLabel;
    }

    public IngestEnvironment Environment { get; }

    public string IdempotencyKey { get; }

    public string PayloadHash { get; }

    /// <summary><c>native</c> or <c>launchdarkly</c>.</summary>
    public string Origin { get; }

    public int? ApiKeyId { get; }

    /// <summary>How the key shows in the live view (prefix or SDK key label).</summary>
    public string KeyLabel { get; }

    public DateTime ReceivedAt { get; init; }

    /// <summary>Events in the request as sent (a LaunchDarkly summary counter counts as one).</summary>
    public int EventCount { get; set; }

    /// <summary>Evaluations the request represents (sum of counts).</summary>
    public long EvaluationCount { get; private set; }

    /// <summary>
    /// Pooled: a 1,000-event batch fills a dictionary whose entries are ~90 KB, which would land on the large object heap
    /// for every request. <see cref="Release"/> hands it back once the writer is done with the request.
    /// </summary>
    public Dictionary<RollupKey, RollupTally> Rollups { get; } = RollupDictionaries.Get();

    /// <summary>Values seen for variation indexes, so the writer can record variations it has not seen before.</summary>
    public Dictionary<(string FlagKey, int Index), string> VariationValues { get; } = [];

    // A batch repeats a handful of versions; reading each once keeps version parsing off the hot path.
    private readonly Dictionary<string, RecordedVersion> apiVersions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordedVersion> clientVersions = new(StringComparer.Ordinal);

    public TaskCompletionSource<IngestOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly ObjectPool<Dictionary<RollupKey, RollupTally>> RollupDictionaries =
        new DefaultObjectPool<Dictionary<RollupKey, RollupTally>>(new RollupDictionaryPolicy(), maximumRetained: 256);

    private int released;

    /// <summary>Returns <see cref="Rollups"/> to the pool; call once nothing reads the tallies any more (journaled and folded, or refused).</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            RollupDictionaries.Return(Rollups);
        }
    }

    /// <summary>Adds one event; <paramref name="variationIndex"/> is already resolved where the flag's variations are known.</summary>
    public void Add(in EvaluationEvent evaluation, int variationIndex, long hourStart)
    {
        var apiVersion = ReadVersion(apiVersions, evaluation.ApiVersion, Environment.ApiVersionScheme);
        var clientVersion = ReadVersion(clientVersions, evaluation.ClientVersion, Environment.ClientVersionScheme);
        var key = new RollupKey(
            evaluation.FlagKey,
            variationIndex,
            variationIndex == RollupKey.UnresolvedVariation ? evaluation.ValueJson : null,
            evaluation.ConsumerKey,
            apiVersion.Value,
            evaluation.ClientType?.Trim() ?? "",
            clientVersion.Value,
            hourStart);
        if (!Rollups.TryGetValue(key, out var tally))
        {
            tally = new RollupTally(apiVersion, clientVersion, evaluation.At);
            Rollups.Add(key, tally);
        }

        tally.Add(evaluation.Count, evaluation.At);
        EvaluationCount += evaluation.Count;
        if (variationIndex >= 0 && evaluation.ValueJson is { } value)
        {
            VariationValues.TryAdd((evaluation.FlagKey, variationIndex), value);
        }
    }

    private sealed class RollupDictionaryPolicy : PooledObjectPolicy<Dictionary<RollupKey, RollupTally>>
    {
        public override Dictionary<RollupKey, RollupTally> Create() => [];

        public override bool Return(Dictionary<RollupKey, RollupTally> obj)
        {
            obj.Clear();
            return true;
        }
    }

    private static RecordedVersion ReadVersion(Dictionary<string, RecordedVersion> memo, string? raw, VersionScheme scheme)
    {
        if (raw is null)
        {
            return VersionReader.Read(null, scheme);
        }

        if (!memo.TryGetValue(raw, out var version))
        {
            version = VersionReader.Read(raw, scheme);
            memo.Add(raw, version);
        }

        return version;
    }
}
