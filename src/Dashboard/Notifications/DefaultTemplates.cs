using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>
/// The templates every installation starts with; seeded when missing, then owned by the users who edit them. They name
/// what is retired and what replaces it (never only the flag, whose name may be the behaviour that stays).
/// </summary>
public static class DefaultTemplates
{
    public const string AnnouncementKey = "announcement";
    public const string ReminderKey = "reminder";
    public const string FinalNoticeKey = "final-notice";
    public const string SunsetDoneKey = "sunset-done";

    /// <summary>How messages write a date and time: one format, in UTC and saying so (recipients' zones are unknown).</summary>
    public const string DateTimeFormat = "d MMM yyyy HH:mm";

    /// <summary>How messages write a date without its time (subjects).</summary>
    public const string DateFormat = "d MMM yyyy";

    private const string Retired = """{{ plan.retired_variations | join: " and " }}""";

    private const string Replacement = """{{ plan.replacement_variations | join: " or " }}""";

    private const string Sunset = $$$"""{{ plan.sunset_date | format_date: "{{{DateTimeFormat}}}" }} UTC""";

    private const string SunsetDay = $$$"""{{ plan.sunset_date | format_date: "{{{DateFormat}}}" }}""";

    private const string Deprecation = $$$"""{{ plan.deprecation_date | format_date: "{{{DateTimeFormat}}}" }} UTC""";

    private const string BrownoutWindow = $$$"""{{ brownout.starts_at | format_date: "{{{DateTimeFormat}}}" }} to {{ brownout.ends_at | format_date: "{{{DateTimeFormat}}}" }} UTC""";

    private const string Scope = "{{ plan.version_range }} ({{ plan.client_types }})";

    private const string InsteadHtml = $$$"""{% if plan.send_instead %} Send <code>{{ plan.send_instead }}</code> to get {{{Replacement}}} instead.{% else %} Move to {{{Replacement}}}.{% endif %}""";

    private const string InsteadText = $$$"""{% if plan.send_instead %} Send {{ plan.send_instead }} to get {{{Replacement}}} instead.{% else %} Move to {{{Replacement}}}.{% endif %}""";

    private const string UsageHtml = $$$"""
        <p>In the last 30 days <strong>{{ consumer.name }}</strong> made {{ usage.evaluations | format_number: "N0" }} calls that still got {{{Retired}}}
        (last at {{ usage.last_seen | format_date: "{{{DateTimeFormat}}}" }} UTC). API versions sent: {{ usage.legacy_versions | join: ", " }}.</p>
        """;

    private const string UsageText = $$$"""
        In the last 30 days {{ consumer.name }} made {{ usage.evaluations | format_number: "N0" }} calls that still got {{{Retired}}} (last at {{ usage.last_seen | format_date: "{{{DateTimeFormat}}}" }} UTC). API versions sent: {{ usage.legacy_versions | join: ", " }}.
        """;

    private const string GuideHtml = """
        {% if plan.migration_guide_url %}<p>How to migrate: <a href="{{ plan.migration_guide_url }}">{{ plan.migration_guide_url }}</a></p>{% endif %}
        """;

    private const string GuideText = """
        {% if plan.migration_guide_url %}How to migrate: {{ plan.migration_guide_url }}{% endif %}
        """;

    private const string FooterHtml = """
        <p style="color:#666;font-size:12px">You receive this because you are a contact for {{ consumer.name }}.
        <a href="{{ unsubscribe_url }}">Unsubscribe from emails about this change</a>.</p>
        """;

    private const string FooterText = """
        You receive this because you are a contact for {{ consumer.name }}. Unsubscribe from emails about this change: {{ unsubscribe_url }}
        """;

    public static IReadOnlyList<NotificationTemplate> Create(DateTime now) =>
    [
        Template(AnnouncementKey, "Announcement", TemplateKind.Announcement,
            $$$"""{{ plan.title }}: {{{Retired}}} ends on {{{SunsetDay}}}""",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            <p>We are retiring <strong>{{{Retired}}}</strong> for {{{Scope}}}. It is deprecated from {{{Deprecation}}} and stops working on
            <strong>{{{Sunset}}}</strong> ({{ plan.days_until_sunset }} days from now).{{{InsteadHtml}}}</p>
            {{{UsageHtml}}}
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            We are retiring {{{Retired}}} for {{{Scope}}}. It is deprecated from {{{Deprecation}}} and stops working on {{{Sunset}}} ({{ plan.days_until_sunset }} days from now).{{{InsteadText}}}

            {{{UsageText}}}

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
        Template(ReminderKey, "Reminder", TemplateKind.Reminder,
            $$$"""{% if brownout %}Brownout on {{ brownout.starts_at | format_date: "{{{DateTimeFormat}}}" }} UTC{% else %}{{ plan.days_until_sunset }} days left{% endif %}: {{{Retired}}} ends ({{ consumer.name }})""",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            {% if brownout %}<p>A <strong>brownout</strong> is scheduled from {{{BrownoutWindow}}}:
            calls that still get {{{Retired}}} will fail during that window.</p>{% endif %}
            <p><strong>{{{Retired}}}</strong> for {{{Scope}}} stops working on <strong>{{{Sunset}}}</strong>, in {{ plan.days_until_sunset }} days.{{{InsteadHtml}}}</p>
            {{{UsageHtml}}}
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            {% if brownout %}A brownout is scheduled from {{{BrownoutWindow}}}: calls that still get {{{Retired}}} will fail during that window.

            {% endif %}{{{Retired}}} for {{{Scope}}} stops working on {{{Sunset}}}, in {{ plan.days_until_sunset }} days.{{{InsteadText}}}

            {{{UsageText}}}

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
        Template(FinalNoticeKey, "Final notice", TemplateKind.FinalNotice,
            $$$"""Final notice: {{{Retired}}} stops working on {{{SunsetDay}}}""",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            <p>This is the final notice: <strong>{{{Retired}}}</strong> for {{{Scope}}} stops working on <strong>{{{Sunset}}}</strong>.
            Calls from {{ consumer.name }} that still get it will fail after that.{{{InsteadHtml}}}</p>
            {{{UsageHtml}}}
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            This is the final notice: {{{Retired}}} for {{{Scope}}} stops working on {{{Sunset}}}. Calls from {{ consumer.name }} that still get it will fail after that.{{{InsteadText}}}

            {{{UsageText}}}

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
        Template(SunsetDoneKey, "Sunset done", TemplateKind.SunsetDone,
            $$$"""{{{Retired}}} has been retired""",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            <p><strong>{{{Retired}}}</strong> for {{{Scope}}} was retired on {{{Sunset}}}. Calls now get {{{Replacement}}}.</p>
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            {{{Retired}}} for {{{Scope}}} was retired on {{{Sunset}}}. Calls now get {{{Replacement}}}.

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
    ];

    private static NotificationTemplate Template(string key, string name, TemplateKind kind, string subject, string html, string text, DateTime now) => new()
    {
        Key = key,
        Name = name,
        Kind = kind,
        SubjectTemplate = subject,
        HtmlBodyTemplate = html,
        TextBodyTemplate = text,
        UpdatedAt = now,
        UpdatedBy = "system",
    };
}
