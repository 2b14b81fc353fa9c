namespace Dashboard.Data.Entities;

public enum CampaignStatus
{
    Draft = 0,
    Scheduled = 1,
    Sending = 2,
    Completed = 3,
    Cancelled = 4,
}
