using Dashboard.Data.Entities;
using Dashboard.Ingest;
using Dashboard.Versions;

namespace Dashboard.Tests.Unit.Ingest;

/// <summary>What the journal stores is what a fold after a crash counts: every tally field survives the round trip.</summary>
public sealed class JournalPayloadTests
{
    private static readonly DateTime First = new(2026, 3, 10, 12, 0, 1, DateTimeKind.Utc);
    private static readonly DateTime Last = new(2026, 3, 10, 12, 59, 58, DateTimeKind.Utc);

    [Fact]
    public void EncodeThenDecode_GivesBackEveryRowAndVariationValue()
    {
        var semver = new RecordedVersion("2.3.0", VersionStatus.Valid, "000000002.000000003.000000000~");
        var missing = new RecordedVersion("", VersionStatus.Missing, "~~missing");
        var rollups = new Dictionary<RollupKey, RollupTally>
        {
            [new RollupKey("flag-a", 1, null, "acme", "2.3.0", "server", "", 1_773_144_000)] = Tally(semver, missing, 7),
            [new RollupKey("flag-a", 0, null, "globex", "2.3.0", "server", "", 1_773_144_000)] = Tally(semver, missing, 1),
            [new RollupKey("flag-b", RollupKey.UnresolvedVariation, "{\"mode\":\"v2\"}", "acme", "", "ios", "", 1_773_140_400)] = Tally(missing, missing, 1_000_000),
        };
        var values = new Dictionary<(string FlagKey, int Index), string> { [("flag-a", 1)] = "true", [("flag-a", 0)] = "false" };

        var (decodedRollups, decodedValues) = JournalPayload.Decode(JournalPayload.Encode(rollups, values));

        Assert.Equal(rollups.Keys.ToHashSet(), decodedRollups.Keys.ToHashSet());
        foreach (var (key, tally) in rollups)
        {
            var decoded = decodedRollups[key];
            Assert.Equal((tally.Count, tally.FirstAt, tally.LastAt, tally.ApiVersion, tally.ClientVersion), (decoded.Count, decoded.FirstAt, decoded.LastAt, decoded.ApiVersion, decoded.ClientVersion));
            Assert.Equal(DateTimeKind.Utc, decoded.FirstAt.Kind);
        }

        Assert.Equal(values, decodedValues);
    }

    [Fact]
    public void UnknownFormat_IsRefusedWithItsNumber()
    {
        var payload = JournalPayload.Encode(new Dictionary<RollupKey, RollupTally>(), new Dictionary<(string, int), string>());
        payload[0] = 99;

        var error = Assert.Throws<InvalidDataException>(() => JournalPayload.Decode(payload));
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    private static RollupTally Tally(RecordedVersion apiVersion, RecordedVersion clientVersion, long count)
    {
        var tally = new RollupTally(apiVersion, clientVersion, First);
        tally.Add(count, Last);
        return tally;
    }
}
