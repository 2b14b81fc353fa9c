namespace Dashboard.Timelines;

/// <summary>
/// Dates arriving over HTTP must say which instant they mean: an offset (<c>Z</c> or <c>+02:00</c>) is required and
/// the value is stored in UTC. A date without one would silently take the server's zone.
/// </summary>
public static class PlanInputDates
{
    public static ValidationOutcome Normalise(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = new ValidationOutcome();
        input.AnnounceAt = Utc(input.AnnounceAt, "announceAt", outcome);
        input.DeprecationAt = Utc(input.DeprecationAt, "deprecationAt", outcome);
        input.SunsetAt = Utc(input.SunsetAt, "sunsetAt", outcome);
        for (var i = 0; i < input.Brownouts.Count; i++)
        {
            input.Brownouts[i].StartsAt = Utc(input.Brownouts[i].StartsAt, $"brownouts[{i}].startsAt", outcome);
            input.Brownouts[i].EndsAt = Utc(input.Brownouts[i].EndsAt, $"brownouts[{i}].endsAt", outcome);
        }

        return outcome;
    }

    public static DateTime? Utc(DateTime? value, string field, ValidationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        switch (value?.Kind)
        {
            case null:
                return null;
            case DateTimeKind.Utc:
                return value;
            case DateTimeKind.Local:
                return value.Value.ToUniversalTime();
            default:
                outcome.AddError(field, "Give the time zone offset, e.g. 2026-03-01T00:00:00Z or 2026-03-01T00:00:00+01:00.");
                return null;
        }
    }
}
