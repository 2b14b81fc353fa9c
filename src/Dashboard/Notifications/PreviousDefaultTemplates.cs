using Dashboard.Data.Entities;

namespace Dashboard.Notifications;

/// <summary>
/// The default templates as shipped before they named the retired and replacement behaviour (they said "We are retiring
/// {{ flag.name }}", the behaviour that stays). Kept verbatim only to recognise stored templates nobody edited, which the
/// seeder replaces with the current defaults.
/// </summary>
internal static class PreviousDefaultTemplates
{
    private const string UsageHtml = """
        <p>In the last 30 days <strong>{{ consumer.name }}</strong> made {{ usage.evaluations }} calls that still rely on it
        (last on {{ usage.last_seen | date: "%Y-%m-%d" }}), with API versions: {{ usage.legacy_versions | join: ", " }}.</p>
        """;

    private const string UsageText = """
        In the last 30 days {{ consumer.name }} made {{ usage.evaluations }} calls that still rely on it (last on {{ usage.last_seen | date: "%Y-%m-%d" }}), with API versions: {{ usage.legacy_versions | join: ", " }}.
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
        Template(DefaultTemplates.AnnouncementKey, "Announcement", TemplateKind.Announcement,
            "{{ plan.title }}: {{ flag.name }} is being retired on {{ plan.sunset_date | date: \"%Y-%m-%d\" }}",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            <p>We are retiring <strong>{{ flag.name }}</strong>. It is deprecated from {{ plan.deprecation_date | date: "%Y-%m-%d" }} and stops working on
            <strong>{{ plan.sunset_date | date: "%Y-%m-%d" }}</strong> ({{ plan.days_until_sunset }} days from now).</p>
            {{{UsageHtml}}}
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            We are retiring {{ flag.name }}. It is deprecated from {{ plan.deprecation_date | date: "%Y-%m-%d" }} and stops working on {{ plan.sunset_date | date: "%Y-%m-%d" }} ({{ plan.days_until_sunset }} days from now).

            {{{UsageText}}}

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
        Template(DefaultTemplates.ReminderKey, "Reminder", TemplateKind.Reminder,
            "{% if brownout %}Brownout on {{ brownout.starts_at | date: \"%Y-%m-%d %H:%M\" }} UTC{% else %}{{ plan.days_until_sunset }} days left{% endif %}: {{ flag.name }} ({{ consumer.name }})",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            {% if brownout %}<p>A <strong>brownout</strong> is scheduled from {{ brownout.starts_at | date: "%Y-%m-%d %H:%M" }} to {{ brownout.ends_at | date: "%Y-%m-%d %H:%M" }} UTC:
            calls that still rely on {{ flag.name }} will fail during that window.</p>{% endif %}
            <p><strong>{{ flag.name }}</strong> stops working on <strong>{{ plan.sunset_date | date: "%Y-%m-%d" }}</strong>, in {{ plan.days_until_sunset }} days.</p>
            {{{UsageHtml}}}
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            {% if brownout %}A brownout is scheduled from {{ brownout.starts_at | date: "%Y-%m-%d %H:%M" }} to {{ brownout.ends_at | date: "%Y-%m-%d %H:%M" }} UTC: calls that still rely on {{ flag.name }} will fail during that window.

            {% endif %}{{ flag.name }} stops working on {{ plan.sunset_date | date: "%Y-%m-%d" }}, in {{ plan.days_until_sunset }} days.

            {{{UsageText}}}

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
        Template(DefaultTemplates.FinalNoticeKey, "Final notice", TemplateKind.FinalNotice,
            "Final notice: {{ flag.name }} stops working on {{ plan.sunset_date | date: \"%Y-%m-%d\" }}",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            <p>This is the final notice: <strong>{{ flag.name }}</strong> stops working on <strong>{{ plan.sunset_date | date: "%Y-%m-%d" }}</strong>.
            Calls from {{ consumer.name }} that still rely on it will fail after that date.</p>
            {{{UsageHtml}}}
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            This is the final notice: {{ flag.name }} stops working on {{ plan.sunset_date | date: "%Y-%m-%d" }}. Calls from {{ consumer.name }} that still rely on it will fail after that date.

            {{{UsageText}}}

            {{{GuideText}}}

            --
            {{{FooterText}}}
            """,
            now),
        Template(DefaultTemplates.SunsetDoneKey, "Sunset done", TemplateKind.SunsetDone,
            "{{ flag.name }} has been retired",
            $$$"""
            <p>Hello {{ contact.name }},</p>
            <p><strong>{{ flag.name }}</strong> was retired on {{ plan.sunset_date | date: "%Y-%m-%d" }}. Calls that relied on it now get the new behaviour.</p>
            {{{GuideHtml}}}
            {{{FooterHtml}}}
            """,
            $$$"""
            Hello {{ contact.name }},

            {{ flag.name }} was retired on {{ plan.sunset_date | date: "%Y-%m-%d" }}. Calls that relied on it now get the new behaviour.

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
