namespace Dashboard.Data.Entities;

/// <summary>A scheduled window before the sunset during which providers refuse the retired behaviour, to flush out laggards.</summary>
public sealed class BrownoutWindow
{
    public int Id { get; set; }

    public int PlanId { get; set; }

    public DateTime StartsAt { get; set; }

    public DateTime EndsAt { get; set; }

    /// <summary>Only consumers still receiving the retired behaviour are refused; others are unaffected anyway.</summary>
    public bool OnlyLaggards { get; set; }

    public string? Note { get; set; }
}
