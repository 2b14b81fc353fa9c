using System.Globalization;

namespace Dashboard.Analytics;

/// <summary>Y-axis ticks at round numbers: steps of 1, 2, 2.5 or 5 × 10ⁿ, from 0 to the first tick at or above the maximum.</summary>
public static class ChartTicks
{
    private static readonly double[] Multipliers = [1, 2, 2.5, 5];

    /// <param name="max">The largest value to show.</param>
    /// <param name="maxTicks">At most this many steps above 0.</param>
    /// <param name="whole">Counts: no step below 1 and no 2.5.</param>
    public static IReadOnlyList<double> For(double max, int maxTicks = 5, bool whole = true)
    {
        max = double.IsFinite(max) && max > 0 ? max : 1;
        var step = Step(max, maxTicks, whole);
        var ticks = new List<double>();
        for (var i = 0; ; i++)
        {
            var value = Math.Round(i * step, 10);
            ticks.Add(value);
            if (value >= max)
            {
                return ticks;
            }
        }
    }

    /// <summary>A tick as the axis writes it: thousands separators, no needless decimals.</summary>
    public static string Format(double value) => value.ToString("#,##0.##", CultureInfo.CurrentCulture);

    private static double Step(double max, int maxTicks, bool whole)
    {
        for (var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max / maxTicks))); ; magnitude *= 10)
        {
            foreach (var multiplier in Multipliers)
            {
                var step = multiplier * magnitude;
                if (whole && (step < 1 || step % 1 != 0))
                {
                    continue;
                }

                if (Math.Ceiling(max / step) <= maxTicks)
                {
                    return step;
                }
            }
        }
    }
}
