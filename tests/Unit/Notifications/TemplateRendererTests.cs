using Dashboard.Notifications;

namespace Dashboard.Tests.Unit.Notifications;

public sealed class TemplateRendererTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly TemplateRenderer renderer = new();

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
        Assert.Equal("Ada Lovelace: 1.4.0, 1.9.2; 12345 calls, last 2026-03-01; https://docs.example.com/migrate https://sundial.example.com/unsubscribe/sample-token", message.TextBody);
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

    [Fact]
    public void Validate_HugeLoop_IsStoppedInsteadOfRunningForever()
    {
        var errors = renderer.Validate(new TemplateSource("s", "{% for i in (1..100000000) %}{{ i }}{% endfor %}", ""), TemplateModelFactory.Sample(Now));

        Assert.Equal(TemplatePart.HtmlBody, Assert.Single(errors).Part);
    }

    [Fact]
    public void DefaultTemplates_AllCompileAndRenderTheConsumerName()
    {
        foreach (var template in DefaultTemplates.Create(Now))
        {
            var errors = renderer.Validate(new TemplateSource(template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate), TemplateModelFactory.Sample(Now));
            Assert.True(errors.Count == 0, template.Key + ": " + string.Join("; ", errors));
            var message = Render(template.SubjectTemplate, template.HtmlBodyTemplate, template.TextBodyTemplate);
            Assert.Contains("https://sundial.example.com/unsubscribe/sample-token", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("Ada Lovelace", message.HtmlBody, StringComparison.Ordinal);
        }
    }
}
