namespace Dashboard.Notifications;

/// <summary>Builds the allow-listed model for one recipient from the plan and the consumer's own usage.</summary>
public static class TemplateModelFactory
{
    public static TemplateModel Create(PlanDetails plan, Recipient recipient, string unsubscribeUrl, BrownoutModel? brownout, DateTime now)
    {
        var consumer = recipient.Consumer;
        var sunset = consumer.ExtendedSunsetAt ?? plan.SunsetAt;
        return new TemplateModel(
            new ConsumerModel(consumer.DisplayName, consumer.Key, consumer.Tier, recipient.Organisation),
            new ContactModel(string.IsNullOrWhiteSpace(recipient.Name) ? recipient.Email : recipient.Name),
            new FlagModel(plan.FlagKey, plan.FlagName),
            new PlanModel(plan.Title, plan.AnnounceAt, plan.DeprecationAt, sunset, DaysBetween(now, sunset), plan.MigrationGuideUrl),
            new UsageModel(
                consumer.ApiVersions.Select(v => v.Length == 0 ? "(none)" : v).ToList(),
                consumer.ClientTypes,
                consumer.Evaluations,
                consumer.LastSeenAt),
            brownout,
            unsubscribeUrl);
    }

    /// <summary>A sample for validating and previewing a template when no real consumer is chosen.</summary>
    public static TemplateModel Sample(DateTime now) => new(
        new ConsumerModel("Acme Mobile", "acme-mobile", "gold", "Acme Corp"),
        new ContactModel("Ada Lovelace"),
        new FlagModel("use-new-response-format", "New response format"),
        new PlanModel("Retire the v1 response format", now.AddDays(-30), now.AddDays(-7), now.AddDays(30), 30, "https://docs.example.com/migrate"),
        new UsageModel(["1.4.0", "1.9.2"], ["mobile-ios"], 12_345, now.AddHours(-2)),
        new BrownoutModel(now.AddDays(10), now.AddDays(10).AddHours(2)),
        "https://sundial.example.com/unsubscribe/sample-token");

    /// <summary>Calendar days (UTC) from the send time to the date, so "30 days" on the 30-day reminder whatever the hour.</summary>
    public static int DaysBetween(DateTime now, DateTime date) => (date.Date - now.Date).Days;
}
