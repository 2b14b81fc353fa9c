using System.Globalization;
using Dashboard.Analytics;
using Dashboard.Options;

namespace Dashboard.Tests.Unit.Analytics;

/// <summary>The rules every adoption chart follows: which grain a range is shown in, round ticks, colours per label, top series plus "other".</summary>
public sealed class AdoptionChartRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 34, 0, TimeSpan.Zero);
    private static readonly int HourLimit = new AnalyticsOptions().HourGrainMaxDays;

    [Fact]
    public void Preset24h_AtDayGrain_IsTheLastTwentyFourHoursInHours()
    {
        var (from, to, grain) = AdoptionRanges.Preset("24h", AdoptionGrain.Day, Now, TimeZoneInfo.Utc, HourLimit);

        Assert.Equal(AdoptionGrain.Hour, grain);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero), to);
        Assert.Equal(TimeSpan.FromHours(24), to - from);
    }

    [Fact]
    public void Preset90d_AtHourGrain_IsShownInWholeDays()
    {
        var (from, to, grain) = AdoptionRanges.Preset("90d", AdoptionGrain.Hour, Now, TimeZoneInfo.Utc, HourLimit);

        Assert.Equal(AdoptionGrain.Day, grain);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), to);
        Assert.Equal(TimeSpan.FromDays(90), to - from);
    }

    [Theory]
    [InlineData(7, AdoptionGrain.Hour)]
    [InlineData(31, AdoptionGrain.Hour)]
    [InlineData(32, AdoptionGrain.Day)]
    public void EffectiveGrain_HourGrainUpToTheConfiguredLimit(int days, AdoptionGrain expected) =>
        Assert.Equal(expected, AdoptionRanges.EffectiveGrain(AdoptionGrain.Hour, TimeSpan.FromDays(days), 31));

    [Theory]
    [InlineData(35_840, new double[] { 0, 10_000, 20_000, 30_000, 40_000 })]
    [InlineData(7, new double[] { 0, 2, 4, 6, 8 })]
    [InlineData(1_200, new double[] { 0, 250, 500, 750, 1_000, 1_250 })]
    [InlineData(0, new double[] { 0, 1 })]
    public void Ticks_AreRoundNumbersCoveringTheMaximum(double max, double[] expected) =>
        Assert.Equal(expected, ChartTicks.For(max));

    [Fact]
    public void Ticks_ForPercentages_MayUseFractionalSteps() =>
        Assert.Equal([0, 2.5, 5, 7.5, 10, 12.5], ChartTicks.For(12, whole: false));

    [Fact]
    public void TickFormat_UsesThousandsSeparators() =>
        Assert.Equal(string.Create(CultureInfo.CurrentCulture, $"35{NumberFormatInfo.CurrentInfo.NumberGroupSeparator}840"), ChartTicks.Format(35_840));

    [Fact]
    public void Palette_SameLabelSameColour_AcrossChartsWithOtherLabels()
    {
        var first = ChartPalette.ColorsFor(["1.0.0", "1.2.0", "(missing)"]);
        var second = ChartPalette.ColorsFor(["1.2.0", "2.0.0", "latest (invalid)", "other"]);

        Assert.Equal(first[1], second[0]);
        Assert.Equal(ChartPalette.MissingColor, first[2]);
        Assert.Equal(ChartPalette.InvalidColor, second[2]);
        Assert.Equal(ChartPalette.OtherColor, second[3]);
    }

    [Fact]
    public void Palette_NoTwoSeriesOfAChartAlike()
    {
        string[] labels = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0", "2.1.0", "3.0.0", "New", "Legacy", "(missing)", "v1 (invalid)", "other"];

        var colors = ChartPalette.ColorsFor(labels);

        Assert.Equal(labels.Length, colors.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Palette_LegacySeries_TakeWarmColoursNoOtherSeriesGets()
    {
        string[] versions = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0", "2.1.0", "3.0.0", "new format"];
        var colors = ChartPalette.ColorsFor([.. versions, "legacy format"], new HashSet<string>(["legacy format"]));

        Assert.Equal(ChartPalette.ColorOf("legacy format", isLegacy: true), colors[^1]);
        Assert.DoesNotContain(colors[^1], colors.Take(versions.Length));
        // The same label coloured as a version would be one of the cool colours: the mark, not the label, makes it warm.
        Assert.NotEqual(ChartPalette.ColorOf("legacy format"), colors[^1]);
    }

    [Fact]
    public void TopSeries_KeepsTheBusiestInOrder_AndSumsTheRestIntoOther()
    {
        var series = Enumerable.Range(1, 12).Select(i => new AdoptionSeries($"1.{i}.0", [i, i * 10])).ToList();
        var chart = new AdoptionBreakdown([Now.AddDays(-1), Now], series, [series.Sum(s => s.Counts[0]), series.Sum(s => s.Counts[1])], [0, 0]);

        var top = chart.WithTopSeries(8);

        Assert.Equal(9, top.Series.Count);
        Assert.Equal(AdoptionBreakdown.OtherLabel, top.Series[^1].Label);
        Assert.Equal([1L + 2 + 3 + 4, 10L + 20 + 30 + 40], top.Series[^1].Counts);
        Assert.Equal(["1.5.0", "1.6.0", "1.7.0", "1.8.0", "1.9.0", "1.10.0", "1.11.0", "1.12.0"], top.Series.Take(8).Select(s => s.Label));
        Assert.Equal(chart.Totals, [top.Series.Sum(s => s.Counts[0]), top.Series.Sum(s => s.Counts[1])]);
    }
}
