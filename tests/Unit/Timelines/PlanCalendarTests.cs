using System.Text;
using Dashboard.Timelines;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class PlanCalendarTests
{
    [Fact]
    public void Escape_TextSpecials_AreBackslashEscaped()
    {
        Assert.Equal("a\\, b\\; c\\\\d\\ne", PlanCalendar.Escape("a, b; c\\d\ne"));
    }

    [Fact]
    public void Fold_LongLine_SplitsAt75OctetsWithLeadingSpace()
    {
        var line = "SUMMARY:" + new string('x', 200);

        var folded = PlanCalendar.Fold(line).Split("\r\n");

        Assert.All(folded, part => Assert.True(Encoding.UTF8.GetByteCount(part) <= 75));
        Assert.All(folded.Skip(1), part => Assert.StartsWith(" ", part, StringComparison.Ordinal));
        Assert.Equal(line, string.Concat(folded.Select((part, i) => i == 0 ? part : part[1..])));
    }

    [Fact]
    public void Fold_MultiByteCharacters_AreNeverSplit()
    {
        var line = "SUMMARY:" + string.Concat(Enumerable.Repeat("é☀", 40));

        var folded = PlanCalendar.Fold(line).Split("\r\n");

        Assert.Equal(line, string.Concat(folded.Select((part, i) => i == 0 ? part : part[1..])));
        Assert.All(folded, part => Assert.True(Encoding.UTF8.GetByteCount(part) <= 75));
    }

    [Fact]
    public void Write_Plan_HasDeprecationSunsetAndBrownoutEventsInUtc()
    {
        var plan = new PlanSummary(
            3, "Retire v1, finally", "use-new-response-format", Dashboard.Data.Entities.PlanStatus.Deprecated, [1], null, "2.0.0", [], null,
            new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 4, 1, 16, 0, 0, DateTimeKind.Utc), null,
            [new PlanBrownout(5, new DateTime(2026, 3, 18, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 19, 16, 0, 0, DateTimeKind.Utc), false, null)], 0);

        var calendar = PlanCalendar.Write("production", [plan], new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), "sundial.example");

        Assert.Contains("DTSTART:20260101T090000Z\r\n", calendar, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Sunset: Retire v1\\, finally (use-new-response-format)\r\n", calendar, StringComparison.Ordinal);
        Assert.Contains("UID:plan-3-brownout-5@sundial.example\r\nDTSTAMP:20260102T000000Z\r\nDTSTART:20260318T160000Z\r\nDTEND:20260319T160000Z", calendar, StringComparison.Ordinal);
        Assert.Equal(3, calendar.Split("BEGIN:VEVENT").Length - 1);
        Assert.EndsWith("END:VCALENDAR\r\n", calendar, StringComparison.Ordinal);
    }
}
