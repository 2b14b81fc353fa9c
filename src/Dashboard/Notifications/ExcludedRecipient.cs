using Dashboard.Timelines;

namespace Dashboard.Notifications;

/// <summary>A contact of an affected consumer that gets no message, and why (unsubscribed, suppressed, invalid address).</summary>
public sealed record ExcludedRecipient(AffectedConsumer Consumer, int ContactId, string Email, string? Name, string Reason);
