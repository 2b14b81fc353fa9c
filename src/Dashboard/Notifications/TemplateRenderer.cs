using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.FileProviders;

namespace Dashboard.Notifications;

/// <summary>
/// Liquid (Fluid) rendering in a sandbox: only the <see cref="TemplateModel"/> types are readable, includes have no file
/// system, unknown filters are errors and loops are bounded. Values written into the HTML body are HTML-encoded.
/// </summary>
public sealed partial class TemplateRenderer
{
    // Fluid's parser is immutable and thread-safe; one instance serves every render.
    private static readonly FluidParser Parser = new();

    // Encode markup characters but keep readable non-ASCII text (names such as "Müller" stay as they are).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly TemplateOptions options;

    public TemplateRenderer()
    {
        options = new TemplateOptions
        {
            MaxSteps = 100_000,
            MaxRecursion = 16,
            StrictFilters = true,
            FileProvider = new NullFileProvider(),
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
        };
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<TemplateModel>();
        options.MemberAccessStrategy.Register<ConsumerModel>();
        options.MemberAccessStrategy.Register<ContactModel>();
        options.MemberAccessStrategy.Register<FlagModel>();
        options.MemberAccessStrategy.Register<PlanModel>();
        options.MemberAccessStrategy.Register<UsageModel>();
        options.MemberAccessStrategy.Register<BrownoutModel>();
    }

    /// <summary>The variables a template can use, for the editor's help.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "consumer.name", "consumer.key", "consumer.tier", "consumer.organisation",
        "contact.name",
        "flag.key", "flag.name",
        "plan.title", "plan.announce_date", "plan.deprecation_date", "plan.sunset_date", "plan.days_until_sunset", "plan.migration_guide_url",
        "usage.legacy_versions", "usage.client_types", "usage.evaluations", "usage.last_seen",
        "brownout.starts_at", "brownout.ends_at",
        "unsubscribe_url",
    ];

    public static TemplateCompilation Compile(TemplateSource source)
    {
        var errors = new List<TemplateError>();
        var subject = Parse(TemplatePart.Subject, source.Subject, errors);
        var html = Parse(TemplatePart.HtmlBody, source.HtmlBody, errors);
        var text = Parse(TemplatePart.TextBody, source.TextBody, errors);
        return errors.Count == 0
            ? new TemplateCompilation(new CompiledTemplate(subject!, html!, text!), [])
            : new TemplateCompilation(null, errors);
    }

    /// <summary>Compiles and renders against a sample model, so errors that only show while rendering (unknown filters) are found at save time.</summary>
    public IReadOnlyList<TemplateError> Validate(TemplateSource source, TemplateModel sample)
    {
        var compilation = Compile(source);
        if (!compilation.Succeeded)
        {
            return compilation.Errors;
        }

        try
        {
            Render(compilation.Template!, sample);
            return [];
        }
        catch (TemplateRenderException exception)
        {
            return [new TemplateError(exception.Part, 0, 0, exception.Message)];
        }
    }

    /// <exception cref="TemplateRenderException">The template failed while rendering.</exception>
    public RenderedMessage Render(CompiledTemplate template, TemplateModel model)
    {
        var context = new TemplateContext(model, options);
        var subject = RenderPart(TemplatePart.Subject, template.Subject, context, NullEncoder.Default);
        var html = RenderPart(TemplatePart.HtmlBody, template.HtmlBody, context, Html);
        var text = RenderPart(TemplatePart.TextBody, template.TextBody, context, NullEncoder.Default);
        // A subject is one header line: line breaks from the template or a value would be header injection.
        return new RenderedMessage(LineBreaks().Replace(subject, " ").Trim(), html, text);
    }

    private static IFluidTemplate? Parse(TemplatePart part, string source, List<TemplateError> errors)
    {
        if (Parser.TryParse(source ?? string.Empty, out var template, out var error))
        {
            return template;
        }

        var firstLine = error.Split('\n', 2)[0].Trim();
        var position = Position().Match(firstLine);
        errors.Add(position.Success
            ? new TemplateError(part, int.Parse(position.Groups["line"].Value, CultureInfo.InvariantCulture), int.Parse(position.Groups["column"].Value, CultureInfo.InvariantCulture), firstLine[..position.Index].Trim())
            : new TemplateError(part, 0, 0, firstLine));
        return null;
    }

    private static string RenderPart(TemplatePart part, IFluidTemplate template, TemplateContext context, TextEncoder encoder)
    {
        try
        {
            return template.Render(context, encoder);
        }
        catch (Exception exception) when (exception is FluidException or InvalidOperationException or FileNotFoundException or ArgumentException or FormatException)
        {
            var message = exception is InvalidOperationException
                ? "The template runs too long or nests too deeply (a loop over a huge range?)."
                : exception.Message;
            throw new TemplateRenderException(message, exception) { Part = part };
        }
    }

    [GeneratedRegex(@"at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();

    [GeneratedRegex(@"[\r\n]+")]
    private static partial Regex LineBreaks();
}
