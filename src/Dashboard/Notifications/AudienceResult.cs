using Dashboard.Timelines;

namespace Dashboard.Notifications;

/// <param name="ConsumersWithoutContacts">Affected consumers nobody can be told about: add contacts for them.</param>
public sealed record AudienceResult(
    PlanDetails Plan,
    IReadOnlyList<Recipient> Recipients,
    IReadOnlyList<ExcludedRecipient> Excluded,
    IReadOnlyList<AffectedConsumer> ConsumersWithoutContacts);
