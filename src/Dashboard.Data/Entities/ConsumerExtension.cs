namespace Dashboard.Data.Entities;

/// <summary>A later sunset granted to one consumer of a plan; policy, reminders and charts honour it.</summary>
public sealed class ConsumerExtension
{
    public int Id { get; set; }

    public int PlanId { get; set; }

    public int ConsumerId { get; set; }

    public Consumer? Consumer { get; set; }

    public DateTime SunsetAt { get; set; }

    public required string Reason { get; set; }

    public required string GrantedBy { get; set; }

    public DateTime GrantedAt { get; set; }
}
