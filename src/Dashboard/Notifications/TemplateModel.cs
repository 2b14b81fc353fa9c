namespace Dashboard.Notifications;

/// <summary>
/// Everything a template can read, and nothing more: the renderer passes only this model, so a template cannot
/// reach entities, services or CLR members outside them. Liquid names are snake_case (<c>plan.days_until_sunset</c>).
/// </summary>
public sealed record TemplateModel(
    ConsumerModel Consumer,
    ContactModel Contact,
    FlagModel Flag,
    PlanModel Plan,
    UsageModel Usage,
    BrownoutModel? Brownout,
    string UnsubscribeUrl);
