using System.Globalization;
using System.Text;

namespace Dashboard.Timelines;

/// <summary>
/// An iCalendar (RFC 5545) feed of plan dates: announcement, deprecation, sunset and brownout windows as events.
/// Lines end in CRLF, are folded at 75 octets, and text values escape backslash, semicolon, comma and newlines.
/// </summary>
public static class PlanCalendar
{
    private const int MaxLineOctets = 75;

    public static string Write(string environmentKey, IEnumerable<PlanSummary> plans, DateTime generatedAt, string host)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var builder = new StringBuilder();
        Line(builder, "BEGIN:VCALENDAR");
        Line(builder, "VERSION:2.0");
        Line(builder, "PRODID:-//Sundial//Deprecation timelines//EN");
        Line(builder, "CALSCALE:GREGORIAN");
        Line(builder, "METHOD:PUBLISH");
        Line(builder, "X-WR-CALNAME:" + Escape($"Sundial deprecations ({environmentKey})"));
        foreach (var plan in plans)
        {
            var what = $"{plan.Title} ({plan.FlagKey})";
            if (plan.AnnounceAt is { } announce)
            {
                Event(builder, $"plan-{plan.Id}-announce@{host}", announce, null, "Announcement: " + what, generatedAt);
            }

            Event(builder, $"plan-{plan.Id}-deprecation@{host}", plan.DeprecationAt, null, "Deprecation: " + what, generatedAt);
            Event(builder, $"plan-{plan.Id}-sunset@{host}", plan.SunsetAt, null, "Sunset: " + what, generatedAt);
            foreach (var brownout in plan.Brownouts)
            {
                Event(builder, $"plan-{plan.Id}-brownout-{brownout.Id}@{host}", brownout.StartsAt, brownout.EndsAt, "Brownout: " + what, generatedAt, brownout.Note);
            }
        }

        Line(builder, "END:VCALENDAR");
        return builder.ToString();
    }

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon and comma escaped; line breaks as <c>\n</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);
    }

    /// <summary>RFC 5545 §3.1: lines longer than 75 octets continue on the next line after CRLF and one space, never inside a UTF-8 sequence.</summary>
    public static string Fold(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (Encoding.UTF8.GetByteCount(line) <= MaxLineOctets)
        {
            return line;
        }

        var folded = new StringBuilder();
        var octets = 0;
        var limit = MaxLineOctets;
        var elements = StringInfo.GetTextElementEnumerator(line);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (octets + size > limit)
            {
                folded.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1; // the leading space of a continuation line counts
            }

            folded.Append(element);
            octets += size;
        }

        return folded.ToString();
    }

    private static void Event(StringBuilder builder, string uid, DateTime start, DateTime? end, string summary, DateTime stamp, string? description = null)
    {
        Line(builder, "BEGIN:VEVENT");
        Line(builder, "UID:" + Escape(uid));
        Line(builder, "DTSTAMP:" + Utc(stamp));
        Line(builder, "DTSTART:" + Utc(start));
        Line(builder, "DTEND:" + Utc(end ?? start.AddMinutes(30)));
        Line(builder, "SUMMARY:" + Escape(summary));
        if (!string.IsNullOrWhiteSpace(description))
        {
            Line(builder, "DESCRIPTION:" + Escape(description));
        }

        Line(builder, "TRANSP:TRANSPARENT");
        Line(builder, "END:VEVENT");
    }

    private static string Utc(DateTime value) => value.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder builder, string line) => builder.Append(Fold(line)).Append("\r\n");
}
