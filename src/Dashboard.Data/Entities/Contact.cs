namespace Dashboard.Data.Entities;

/// <summary>A person to notify about a consumer's deprecations.</summary>
public sealed class Contact
{
    public int Id { get; set; }

    public int ConsumerId { get; set; }

    public Consumer? Consumer { get; set; }

    public required string Email { get; set; }

    public string? Name { get; set; }

    public string? Role { get; set; }

    public bool IsUnsubscribed { get; set; }

    public DateTime CreatedAt { get; set; }
}
