namespace Dashboard.Timelines;

/// <summary>A later sunset for one consumer, as submitted.</summary>
public sealed class ExtensionInput
{
    public string? ConsumerKey { get; set; }

    public DateTime? SunsetAt { get; set; }

    public string? Reason { get; set; }
}
