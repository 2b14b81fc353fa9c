namespace Dashboard.Analytics;

/// <summary>A consumer with legacy traffic in the last 7 days: how much, out of how much, on how many flags.</summary>
public sealed record LaggardRow(string ConsumerKey, string DisplayName, long LegacyEvaluations, long Evaluations, int FlagsOnLegacy)
{
    public double LegacyShare => Evaluations == 0 ? 0 : (double)LegacyEvaluations / Evaluations;
}
