namespace Dashboard.Analytics;

/// <summary>The outcome of a change: success, or the field that is wrong and why (nothing was stored).</summary>
public sealed record EditResult(bool Succeeded, string? Field = null, string? Error = null)
{
    public static EditResult Ok { get; } = new(true);

    public static EditResult Invalid(string field, string error) => new(false, field, error);
}
