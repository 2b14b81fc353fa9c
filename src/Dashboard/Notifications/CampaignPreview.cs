namespace Dashboard.Notifications;

/// <summary>What the person sees before confirming a campaign: who gets it, who does not and why, and one rendered message.</summary>
public sealed record CampaignPreview(
    int RecipientCount,
    int ConsumerCount,
    IReadOnlyList<Recipient> Sample,
    IReadOnlyList<ExcludedRecipient> Excluded,
    IReadOnlyList<string> ConsumersWithoutContacts,
    RenderedMessage? SampleMessage);
