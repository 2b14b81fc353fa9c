namespace Dashboard.Timelines;

/// <summary>
/// A plan's burn-down in the viewer's days, with a straight-line projection (least squares over the recent days) of
/// how many consumers and evaluations per day will still be on the retired behaviour at the sunset.
/// </summary>
/// <param name="ExtendedConsumers">Consumers with a granted extension; they are left out of the series, having a later sunset.</param>
/// <param name="ProjectedConsumersAtSunset">Null when there are too few days to fit a line, or the sunset has passed.</param>
public sealed record BurnDown(
    IReadOnlyList<BurnDownPoint> Points,
    DateOnly SunsetDay,
    int ExtendedConsumers,
    double? ProjectedConsumersAtSunset,
    double? ProjectedEvaluationsAtSunset,
    int FittedDays)
{
    public bool IsEmpty => Points.All(p => p.Consumers == 0);
}
