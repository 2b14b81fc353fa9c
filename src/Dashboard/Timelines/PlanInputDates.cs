using Dashboard.Validation;

namespace Dashboard.Timelines;

/// <summary>
/// Dates arriving over HTTP must say which instant they mean: an offset (<c>Z</c> or <c>+02:00</c>) is required and
/// the value is stored in UTC. A date without one would silently take the server's zone.
/// </summary>
public static class PlanInputDates
{
    public static FieldErrors Normalise(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        input.AnnounceAt = Utc(input.AnnounceAt, "announceAt", errors);
        input.DeprecationAt = Utc(input.DeprecationAt, "deprecationAt", errors);
        input.SunsetAt = Utc(input.SunsetAt, "sunsetAt", errors);
        for (var i = 0; i < input.Brownouts.Count; i++)
        {
            input.Brownouts[i].StartsAt = Utc(input.Brownouts[i].StartsAt, $"brownouts[{i}].startsAt", errors);
            input.Brownouts[i].EndsAt = Utc(input.Brownouts[i].EndsAt, $"brownouts[{i}].endsAt", errors);
        }

        return errors;
    }

    public static DateTime? Utc(DateTime? value, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        switch (value?.Kind)
        {
            case null:
                return null;
            case DateTimeKind.Utc:
                return value;
            case DateTimeKind.Local:
                return value.Value.ToUniversalTime();
            default:
                errors.Add(field, "Give the time zone offset, e.g. 2026-03-01T00:00:00Z or 2026-03-01T00:00:00+01:00.");
                return null;
        }
    }
}
