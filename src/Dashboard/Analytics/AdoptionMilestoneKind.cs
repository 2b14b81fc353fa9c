namespace Dashboard.Analytics;

/// <summary>What an <see cref="AdoptionMilestone"/> marks.</summary>
public enum AdoptionMilestoneKind
{
    Announce,
    Deprecation,
    Brownout,
    Sunset,
    CampaignSent,
}
