using Dashboard.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class TemplateRendererTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    // A clock that never moves on its own, so no test meets the render-time bound by accident on a busy machine.
    private readonly TemplateRenderer renderer = new(new FakeTimeProvider(new DateTimeOffset(Now)));

    private RenderedMessage Render(string subject, string html = "", string text = "", TemplateModel? model = null)
    {
        var compilation = TemplateRenderer.Compile(new TemplateSource(subject, html, text));
        Assert.True(compilation.Succeeded, string.Join("; ", compilation.Errors));
        return renderer.Render(compilation.Template!, model ?? TemplateModelFactory.Sample(Now));
    }

    [Fact]
    public void Render_ModelValues_AreAvailableUnderSnakeCaseNames()
    {
        var message = Render(
            "{{ flag.name }} ends in {{ plan.days_until_sunset }} days",
            "<p>{{ consumer.name }} ({{ consumer.key }}, {{ consumer.tier }})</p>",
            "{{ contact.name }}: {{ usage.legacy_versions | join: ', ' }}; {{ usage.evaluations }} calls, last {{ usage.last_seen | date: '%Y-%m-%d' }}; {{ plan.migration_guide_url }} {{ unsubscribe_url }}");

        Assert.Equal("New response format ends in 30 days", message.Subject);
        Assert.Equal("<p>Acme Mobile (acme-mobile, gold)</p>", message.HtmlBody);
        Assert.Equal("Ada Lovelace: 1.4.0, 1.9.2, no API version header; 12345 calls, last 2026-03-01; https://docs.example.com/migrate https://sundial.example.com/unsubscribe/preview", message.TextBody);
    }

    [Fact]
    public void Render_HtmlBody_EncodesValuesButTextBodyAndSubjectKeepThem()
    {
        var hostile = TemplateModelFactory.Sample(Now) with { Consumer = new ConsumerModel("<script>alert('x')</script> & Müller", "k", null, null) };

        var message = Render("Hi {{ consumer.name }}", "<p>{{ consumer.name }}</p>", "{{ consumer.name }}", hostile);

        Assert.Equal("<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Müller</p>", message.HtmlBody);
        Assert.Equal("<script>alert('x')</script> & Müller", message.TextBody);
        Assert.Equal("Hi <script>alert('x')</script> & Müller", message.Subject);
    }

    [Fact]
    public void Render_SubjectWithLineBreaks_BecomesOneHeaderLine()
    {
        var model = TemplateModelFactory.Sample(Now) with { Consumer = new ConsumerModel("Acme\r\nBcc: victim@example.com", "k", null, null) };

        var message = Render("Hello {{ consumer.name }}", model: model);

        Assert.Equal("Hello Acme Bcc: victim@example.com", message.Subject);
    }

    [Theory]
    [InlineData("{{ consumer.GetType }}")]
    [InlineData("{{ consumer.get_type }}")]
    [InlineData("{{ consumer.equality_contract }}")]
    [InlineData("{{ plan.sunset_date.ticks }}")]
    [InlineData("{{ usage.legacy_versions.capacity }}")]
    [InlineData("{{ environment }}{{ db }}{{ services }}")]
    public void Render_AnythingOutsideTheModel_RendersNothing(string expression)
    {
        var message = Render("x" + expression + "x");

        Assert.Equal("xx", message.Subject);
    }

    [Fact]
    public void Compile_UnclosedOutput_ReportsPartLineAndColumn()
    {
        var compilation = TemplateRenderer.Compile(new TemplateSource("ok", "<p>\nHello {{ consumer.name }\n</p>", "ok"));

        var error = Assert.Single(compilation.Errors);
        Assert.False(compilation.Succeeded);
        Assert.Equal(TemplatePart.HtmlBody, error.Part);
        Assert.Equal(2, error.Line);
        Assert.True(error.Column > 0);
        Assert.Contains("'}}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UnclosedTagInEveryPart_ReportsEachPart()
    {
        var compilation = TemplateRenderer.Compile(new TemplateSource("{% if x %}", "{% for a in b %}", "{{"));

        Assert.Equal([TemplatePart.Subject, TemplatePart.HtmlBody, TemplatePart.TextBody], compilation.Errors.Select(e => e.Part));
    }

    [Fact]
    public void Validate_UnknownFilter_IsAnError()
    {
        var errors = renderer.Validate(new TemplateSource("{{ consumer.name | shout }}", "", ""), TemplateModelFactory.Sample(Now));

        var error = Assert.Single(errors);
        Assert.Equal(TemplatePart.Subject, error.Part);
        Assert.Contains("shout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Include_CannotReadFiles()
    {
        var errors = renderer.Validate(new TemplateSource("s", "{% include '/etc/passwd' %}", ""), TemplateModelFactory.Sample(Now));

        Assert.Single(errors);
    }

    [Theory]
    [InlineData("{% for i in (1..20000) %}x{% endfor %}")]
    [InlineData("{% for i in (1..1000000000) %}x{% endfor %}")]
    [InlineData("{% assign all = (1..100000000) %}{{ all | size }}")]
    public void Validate_RangeOverTheItemBound_IsRefusedNamingTheBound(string html)
    {
        var errors = renderer.Validate(new TemplateSource("s", html, ""), TemplateModelFactory.Sample(Now));

        var error = Assert.Single(errors);
        Assert.Equal(TemplatePart.HtmlBody, error.Part);
        Assert.Contains("A range or list may have at most 10,000 items", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RangeWithinTheItemBound_Renders()
    {
        var errors = renderer.Validate(new TemplateSource("s", "{% for i in (1..10000) %}x{% endfor %}", ""), TemplateModelFactory.Sample(Now));

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_NestedLoopsOverSmallRanges_AreStoppedByTheStepBound()
    {
        var errors = renderer.Validate(new TemplateSource("s", "", "{% for i in (1..10000) %}{% for j in (1..10000) %}{% endfor %}{% endfor %}"), TemplateModelFactory.Sample(Now));

        var error = Assert.Single(errors);
        Assert.Equal(TemplatePart.TextBody, error.Part);
        Assert.Contains("more than 100,000 steps", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% assign s = 'xxxxxxxx' %}{% for i in (1..18) %}{% assign s = s | append: s %}{% endfor %}{{ s }}")]
    [InlineData("{% capture s %}xxxxxxxx{% endcapture %}{% for i in (1..18) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}{{ s | size }}")]
    [InlineData("{% for i in (1..10000) %}{{ unsubscribe_url }}{{ unsubscribe_url }}{% endfor %}")]
    public void Validate_OutputOverTheSizeBound_IsRefusedNamingTheBound(string text)
    {
        var errors = renderer.Validate(new TemplateSource("s", "", text), TemplateModelFactory.Sample(Now));

        var error = Assert.Single(errors);
        Assert.Equal(TemplatePart.TextBody, error.Part);
        Assert.Contains("more than 256 KB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BodiesTogetherOverTheSizeBound_AreRefused()
    {
        // Each body alone fits; the message as a whole does not.
        var body = "{% for i in (1..5000) %}" + new string('x', 40) + "{% endfor %}";

        var errors = renderer.Validate(new TemplateSource("s", body, body), TemplateModelFactory.Sample(Now));

        Assert.Contains("more than 256 KB", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RenderPastTheTimeBound_IsStoppedNamingTheBound()
    {
        var renderer = new TemplateRenderer(new BudgetSpentTimeProvider());

        var errors = renderer.Validate(new TemplateSource("Hello {{ contact.name }}", "", ""), TemplateModelFactory.Sample(Now));

        var error = Assert.Single(errors);
        Assert.Equal(TemplatePart.Subject, error.Part);
        Assert.Contains("longer than 2 seconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultTemplates_AllCompileAndRenderTheConsumerName()
    {
        foreach (var template in DefaultTemplates.Create(Now))
        {
            var errors = renderer.Validate(new TemplateSource(template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate), TemplateModelFactory.Sample(Now));
            Assert.True(errors.Count == 0, template.Key + ": " + string.Join("; ", errors));
            var message = Render(template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate);
            Assert.Contains(TemplateModelFactory.PreviewUnsubscribeUrl, message.TextBody, StringComparison.Ordinal);
            Assert.Contains("Ada Lovelace", message.HtmlBody, StringComparison.Ordinal);
        }
    }

    /// <summary>A clock on which every timer is already due: the render's time budget is spent before it starts.</summary>
    private sealed class BudgetSpentTimeProvider : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            callback(state);
            return new SpentTimer();
        }

        private sealed class SpentTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
