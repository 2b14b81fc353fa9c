namespace Dashboard.Data.Entities;

/// <summary>A caller of the provider's API, identified by the key the consumer mapping yields.</summary>
public sealed class Consumer
{
    public int Id { get; set; }

    public int EnvironmentId { get; set; }

    public required string Key { get; set; }

    public required string DisplayName { get; set; }

    public string? Organisation { get; set; }

    public string? Tier { get; set; }

    public string? Owner { get; set; }

    public List<string> Tags { get; set; } = [];

    public DateTime? FirstSeenAt { get; set; }

    public DateTime? LastSeenAt { get; set; }

    public List<Contact> Contacts { get; set; } = [];
}
