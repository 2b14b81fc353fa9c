namespace Dashboard.Timelines;

/// <summary>A brownout window as submitted; UTC instants.</summary>
public sealed class BrownoutInput
{
    public DateTime? StartsAt { get; set; }

    public DateTime? EndsAt { get; set; }

    public bool OnlyLaggards { get; set; }

    public string? Note { get; set; }
}
