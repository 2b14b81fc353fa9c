namespace Dashboard.Components.Pages.Timelines;

/// <summary>One brownout row of the plan form, in the viewer's local time.</summary>
public sealed class BrownoutForm
{
    public string? StartsAt { get; set; }

    public string? EndsAt { get; set; }

    public bool OnlyLaggards { get; set; }

    public string? Note { get; set; }
}
