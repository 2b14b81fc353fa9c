using Dashboard.Timelines;

namespace Dashboard.Notifications;

/// <summary>One contact of an affected consumer, with the consumer's usage that the message reports.</summary>
public sealed record Recipient(AffectedConsumer Consumer, string? Organisation, int ContactId, string Email, string? Name);
