using System.Text.Json;
using Dashboard.Timelines;

namespace Dashboard.Notifications;

/// <summary>Builds the allow-listed model for one recipient from the plan and the consumer's own usage.</summary>
public static class TemplateModelFactory
{
    /// <summary>The request header providers read the API version from (Dashboard.Client's <c>RequestMetadata.ApiVersionHeader</c>).</summary>
    public const string ApiVersionHeader = "X-API-Version";

    /// <summary>How a consumer's calls without an API version read in a message.</summary>
    public const string NoApiVersion = "no API version header";

    public static TemplateModel Create(PlanDetails plan, Recipient recipient, string unsubscribeUrl, BrownoutModel? brownout, DateTime now)
    {
        var consumer = recipient.Consumer;
        var sunset = consumer.ExtendedSunsetAt ?? plan.SunsetAt;
        var (retired, replacement) = Behaviours(plan);
        return new TemplateModel(
            new ConsumerModel(consumer.DisplayName, consumer.Key, consumer.Tier, recipient.Organisation),
            new ContactModel(string.IsNullOrWhiteSpace(recipient.Name) ? recipient.Email : recipient.Name),
            new FlagModel(plan.FlagKey, plan.FlagName),
            new PlanModel(
                plan.Title, plan.AnnounceAt, plan.DeprecationAt, sunset, DaysBetween(now, sunset), plan.MigrationGuideUrl,
                retired, replacement, VersionRange(plan.ApiVersionFrom, plan.ApiVersionBelow), ClientTypesText(plan.ClientTypes),
                SendInstead(plan.ApiVersionFrom, plan.ApiVersionBelow)),
            new UsageModel(
                consumer.ApiVersions.Select(v => v.Length == 0 ? NoApiVersion : v).ToList(),
                consumer.ClientTypes,
                consumer.Evaluations,
                consumer.LastSeenAt),
            brownout,
            unsubscribeUrl);
    }

    /// <summary>
    /// The one place that decides what a plan retires and what replaces it: the plan's retired variations, and the flag's
    /// other variations that are not marked legacy (all other variations when every one of them is).
    /// </summary>
    public static (IReadOnlyList<string> Retired, IReadOnlyList<string> Replacement) Behaviours(PlanDetails plan)
    {
        // A flag whose variations were never recorded still gets words: "variation 1", "the new behaviour".
        var retired = plan.RetiredVariations.Order()
            .Select(index => plan.Variations.FirstOrDefault(v => v.Index == index) is { } variation ? Label(variation) : $"variation {index}")
            .ToList();
        var others = plan.Variations.Where(v => !plan.RetiredVariations.Contains(v.Index)).ToList();
        var replacement = others.Where(v => !v.IsLegacy).ToList() is { Count: > 0 } current ? current : others;
        return (retired, replacement.Count > 0 ? replacement.Select(Label).ToList() : ["the new behaviour"]);
    }

    /// <summary>A variation as a recipient reads it: its name, or its value when it has none (<c>"v1"</c> reads v1).</summary>
    public static string Label(PlanVariation variation)
    {
        if (!string.IsNullOrWhiteSpace(variation.Name))
        {
            return variation.Name;
        }

        try
        {
            using var value = JsonDocument.Parse(variation.ValueJson);
            return value.RootElement.ValueKind == JsonValueKind.String ? value.RootElement.GetString()! : variation.ValueJson;
        }
        catch (JsonException)
        {
            return variation.ValueJson;
        }
    }

    public static string VersionRange(string? from, string? below) => (from, below) switch
    {
        (null, null) => "all API versions",
        (null, { } upper) => $"API versions below {upper}",
        ({ } lower, null) => $"API versions {lower} and later",
        ({ } lower, { } upper) => $"API versions from {lower} to below {upper}",
    };

    public static string ClientTypesText(IReadOnlyList<string> clientTypes) => clientTypes.Count switch
    {
        0 => "all client types",
        1 => clientTypes[0],
        _ => $"{string.Join(", ", clientTypes.Take(clientTypes.Count - 1))} and {clientTypes[^1]}",
    };

    /// <summary>The header value that leaves the plan's version range; null when the range covers every version.</summary>
    public static string? SendInstead(string? from, string? below) => (from, below) switch
    {
        (_, { } upper) => $"{ApiVersionHeader}: {upper} or later",
        ({ } lower, null) => $"an {ApiVersionHeader} below {lower}",
        _ => null,
    };

    /// <summary>A sample for validating and previewing a template when no real consumer is chosen.</summary>
    public static TemplateModel Sample(DateTime now) => new(
        new ConsumerModel("Acme Mobile", "acme-mobile", "gold", "Acme Corp"),
        new ContactModel("Ada Lovelace"),
        new FlagModel("use-new-response-format", "New response format"),
        new PlanModel(
            "Retire the v1 response format", now.AddDays(-30), now.AddDays(-7), now.AddDays(30), 30, "https://docs.example.com/migrate",
            ["legacy response format (v1)"], ["new response format (v2)"], VersionRange(null, "2.0.0"), ClientTypesText([]), SendInstead(null, "2.0.0")),
        new UsageModel(["1.4.0", "1.9.2", NoApiVersion], ["mobile-ios"], 12_345, now.AddHours(-2)),
        new BrownoutModel(now.AddDays(10), now.AddDays(10).AddHours(2)),
        PreviewUnsubscribeUrl);

    /// <summary>The unsubscribe link previews show: it unsubscribes nobody, so a preview never carries a real contact's link.</summary>
    public const string PreviewUnsubscribeUrl = "https://sundial.example.com/unsubscribe/preview";

    /// <summary>Calendar days (UTC) from the send time to the date, so "30 days" on the 30-day reminder whatever the hour.</summary>
    public static int DaysBetween(DateTime now, DateTime date) => (date.Date - now.Date).Days;
}
