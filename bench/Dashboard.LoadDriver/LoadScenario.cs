using System.Globalization;
using System.Text;

namespace Dashboard.LoadDriver;

/// <summary>
/// The events the driver sends: batches of 1,000 over 2,000 consumers × 12 API versions × 5 flags, deterministic so
/// the HTTP run and the raw baseline write the same rollup rows.
/// </summary>
internal sealed class LoadScenario
{
    public const int Consumers = 2_000;
    public const int Versions = 12;
    public const int Flags = 5;
    public const int BatchSize = 1_000;

    public LoadScenario(int batches, int seed)
    {
        var random = new Random(seed);
        Batches = new (int Consumer, int Version, int Flag)[batches][];
        for (var b = 0; b < batches; b++)
        {
            var batch = new (int, int, int)[BatchSize];
            for (var i = 0; i < BatchSize; i++)
            {
                batch[i] = (random.Next(Consumers), random.Next(Versions), random.Next(Flags));
            }

            Batches[b] = batch;
        }
    }

    public (int Consumer, int Version, int Flag)[][] Batches { get; }

    public static string ConsumerKey(int consumer) => "consumer-" + consumer.ToString("D4", CultureInfo.InvariantCulture);

    public static string ApiVersion(int version) => "2." + version.ToString(CultureInfo.InvariantCulture) + ".0";

    public static string FlagKey(int flag) => "load-flag-" + flag.ToString(CultureInfo.InvariantCulture);

    /// <summary>Versions from 2.6.0 get the new behaviour, like a rule <c>apiVersion >= 2.6.0</c>.</summary>
    public static int Variation(int version) => version >= 6 ? 1 : 0;

    /// <summary>The native ingest body of one batch.</summary>
    public byte[] Body(int batch, DateTimeOffset timestamp)
    {
        var at = timestamp.ToString("O", CultureInfo.InvariantCulture);
        var json = new StringBuilder(BatchSize * 150).Append("{\"events\":[");
        var first = true;
        foreach (var (consumer, version, flag) in Batches[batch])
        {
            json.Append(first ? "" : ",")
                .Append("{\"flagKey\":\"").Append(FlagKey(flag))
                .Append("\",\"variation\":").Append(Variation(version))
                .Append(",\"consumer\":\"").Append(ConsumerKey(consumer))
                .Append("\",\"apiVersion\":\"").Append(ApiVersion(version))
                .Append("\",\"clientType\":\"server\",\"clientVersion\":\"5.0.1\",\"timestamp\":\"").Append(at).Append("\"}");
            first = false;
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }
}
