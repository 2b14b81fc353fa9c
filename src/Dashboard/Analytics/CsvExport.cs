using System.Globalization;
using CsvHelper;

namespace Dashboard.Analytics;

/// <summary>
/// CSV as spreadsheet users open it safely: RFC 4180 quoting, ISO 8601 UTC dates, and cells that start with
/// <c>= + - @</c>, tab or CR prefixed with <c>'</c> so a spreadsheet shows them as text instead of running a formula.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    // CsvHelper's defaults for the characters (= @ + -, tab, CR) and the escape (') follow OWASP; only the action is switched on.
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            csv.WriteHeader([.. header]);
            foreach (var row in rows)
            {
                csv.WriteRecord([.. row.Select(v => v ?? "")]);
            }
        }

        return text.ToString();
    }

    public static string IsoDate(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string IsoDate(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An adoption chart's series, one line per bucket and series, buckets with the viewer's UTC offset (as the read API and the chart's download give them).</summary>
    public static string Adoption(AdoptionBreakdown chart) => Write(
        ["bucketStart", "series", "evaluations"],
        chart.Series.SelectMany(s => s.Counts.Select((count, i) => (IReadOnlyList<string?>)
            [chart.BucketStarts[i].ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), s.Label, Number(count)])));

    /// <summary>The consumers of a flag, one line per row of the table, columns in the table's order.</summary>
    public static string FlagConsumers(IEnumerable<FlagConsumerRow> rows) => Write(
        ["consumer", "displayName", "apiVersions", "clientTypes", "lastVariation", "onLegacy", "legacyEvaluations", "evaluations", "firstSeen", "lastSeen", "contacts"],
        rows.Select(r => (IReadOnlyList<string?>)
        [
            r.ConsumerKey, r.DisplayName, string.Join("; ", r.ApiVersions), string.Join("; ", r.ClientTypes), r.LastVariation,
            r.OnLegacy ? "yes" : "no", Number(r.LegacyEvaluations), Number(r.Evaluations), IsoDate(r.FirstSeenAt), IsoDate(r.LastSeenAt), string.Join("; ", r.Contacts),
        ]));
}
