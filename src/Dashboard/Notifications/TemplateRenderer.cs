using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;

namespace Dashboard.Notifications;

/// <summary>
/// Liquid (Fluid) rendering in a sandbox: only the <see cref="TemplateModel"/> types are readable, includes have no file
/// system, unknown filters are errors, and every render (preview, save, campaign, reminder) is bounded in items, steps,
/// nesting, output and time by the engine itself. Values written into the HTML body are HTML-encoded.
/// </summary>
public sealed partial class TemplateRenderer
{
    /// <summary>Items a range or list may have; the engine refuses a larger one before building it.</summary>
    public const int MaxItems = 10_000;

    /// <summary>Statements and loop iterations one message may run.</summary>
    public const int MaxSteps = 100_000;

    public const int MaxNesting = 16;

    /// <summary>Characters of one message, subject and both bodies together (also the bound on any value built while rendering).</summary>
    public const int MaxMessageCharacters = 256 * 1024;

    public static readonly TimeSpan MaxRenderTime = TimeSpan.FromSeconds(2);

    // Fluid's parser is immutable and thread-safe; one instance serves every render.
    private static readonly FluidParser Parser = new();

    // Encode markup characters but keep readable non-ASCII text (names such as "Müller" stay as they are).
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly TemplateOptions options;
    private readonly TimeProvider timeProvider;

    public TemplateRenderer(TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        // The model is the boundary: Fluid reads public members of the model and what it reaches, and TemplateModel reaches
        // only small records and plain values. Includes find no files; the bounds below hold for every render.
        options = new TemplateOptionsBuilder()
            .WithMaxSteps(MaxSteps)
            .WithMaxRecursion(MaxNesting)
            .WithMaxCollectionSize(MaxItems)
            .WithMaxOutputSize(MaxMessageCharacters)
            .WithStrictFilters(true)
            .WithFileProvider(new FileProviderTemplateFileProvider(new NullFileProvider()))
            .WithCultureInfo(CultureInfo.InvariantCulture)
            .WithTimeZone(TimeZoneInfo.Utc)
            .WithModelNamesComparer(StringComparers.SnakeCase)
            .Build();
    }

    /// <summary>The variables a template can use, for the editor's help.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "consumer.name", "consumer.key", "consumer.tier", "consumer.organisation",
        "contact.name",
        "flag.key", "flag.name",
        "plan.title", "plan.retired_variations", "plan.replacement_variations", "plan.version_range", "plan.client_types", "plan.send_instead",
        "plan.announce_date", "plan.deprecation_date", "plan.sunset_date", "plan.days_until_sunset", "plan.migration_guide_url",
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

    /// <summary>
    /// The variables a template reads that the model does not have (a typo such as <c>consumer.nmae</c> renders as nothing),
    /// each with the nearest variable that exists. Found by rendering against <paramref name="sample"/>, which has every
    /// optional part, so only names that exist nowhere are reported.
    /// </summary>
    public IReadOnlyList<string> UnknownVariables(CompiledTemplate template, TemplateModel sample)
    {
        using var deadline = new CancellationTokenSource(MaxRenderTime, timeProvider);
        var unknown = new List<string>();
        var context = new TemplateContext(sample, options) { CancellationToken = deadline.Token };
        context.Undefined = (name, parent) =>
        {
            var path = ParentNames.TryGetValue(parent ?? typeof(TemplateModel), out var prefix) ? prefix + name : name;
            if (!unknown.Contains(path, StringComparer.Ordinal))
            {
                unknown.Add(path);
            }

            return new ValueTask<FluidValue>(NilValue.Instance);
        };
        var written = 0;
        try
        {
            RenderPart(TemplatePart.Subject, template.Subject, context, NullEncoder.Default, ref written);
            RenderPart(TemplatePart.HtmlBody, template.HtmlBody, context, Html, ref written);
            RenderPart(TemplatePart.TextBody, template.TextBody, context, NullEncoder.Default, ref written);
        }
        catch (TemplateRenderException)
        {
            // Render errors are reported by Validate and Render; here only the names matter.
        }

        return unknown.Select(Describe).ToList();
    }

    private static string Describe(string unknownVariable) =>
        NearestVariable(unknownVariable) is { } nearest
            ? $"Unknown variable '{unknownVariable}' renders as nothing; did you mean '{nearest}'?"
            : $"Unknown variable '{unknownVariable}' renders as nothing; use one of the variables listed below.";

    /// <summary>The listed variable closest in spelling, when one is close enough to be the intended one.</summary>
    public static string? NearestVariable(string name)
    {
        var best = Variables.Select(v => (Variable: v, Distance: EditDistance(name, v))).MinBy(c => c.Distance);
        return best.Distance <= Math.Max(2, name.Length / 3) ? best.Variable : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }

    // Fluid names an undefined member and the type it was read on; the model's types give the variable's prefix.
    private static readonly Dictionary<Type, string> ParentNames = new()
    {
        [typeof(TemplateModel)] = "",
        [typeof(ConsumerModel)] = "consumer.",
        [typeof(ContactModel)] = "contact.",
        [typeof(FlagModel)] = "flag.",
        [typeof(PlanModel)] = "plan.",
        [typeof(UsageModel)] = "usage.",
        [typeof(BrownoutModel)] = "brownout.",
    };

    /// <exception cref="TemplateRenderException">The template failed while rendering or exceeded a bound; the message names it.</exception>
    public RenderedMessage Render(CompiledTemplate template, TemplateModel model)
    {
        using var deadline = new CancellationTokenSource(MaxRenderTime, timeProvider);
        var context = new TemplateContext(model, options) { CancellationToken = deadline.Token };
        var written = 0;
        var subject = RenderPart(TemplatePart.Subject, template.Subject, context, NullEncoder.Default, ref written);
        var html = RenderPart(TemplatePart.HtmlBody, template.HtmlBody, context, Html, ref written);
        var text = RenderPart(TemplatePart.TextBody, template.TextBody, context, NullEncoder.Default, ref written);
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

    private static string RenderPart(TemplatePart part, IFluidTemplate template, TemplateContext context, TextEncoder encoder, ref int written)
    {
        // What the earlier parts wrote counts against the message's bound (0 would mean unbounded to Fluid).
        context.MaxOutputSize = Math.Max(1, MaxMessageCharacters - written);
        string output;
        try
        {
            output = template.Render(context, encoder);
        }
        catch (Exception exception) when (exception is FluidException or InvalidOperationException or OperationCanceledException or FileNotFoundException or ArgumentException or FormatException or OverflowException)
        {
            throw new TemplateRenderException(Describe(exception), exception) { Part = part };
        }

        written += output.Length;
        return written > MaxMessageCharacters
            ? throw new TemplateRenderException(OutputBoundMessage) { Part = part }
            : output;
    }

    private static string OutputBoundMessage =>
        $"The template writes more than {MaxMessageCharacters / 1024} KB ({MaxMessageCharacters:N0} characters) for one message, subject and bodies together; write less (a value doubled in a loop?).";

    // Fluid reports every bound with InvalidOperationException; only its message tells which bound was hit.
    private static string Describe(Exception exception) => exception switch
    {
        OperationCanceledException => $"The template takes longer than {MaxRenderTime.TotalSeconds:N0} seconds to render one message.",
        OverflowException => $"A number in the template is too large (a range may have at most {MaxItems:N0} items).",
        InvalidOperationException when exception.Message.Contains("collection size", StringComparison.Ordinal) =>
            $"A range or list may have at most {MaxItems:N0} items (a loop over a huge range?).",
        InvalidOperationException when exception.Message.Contains("output size", StringComparison.Ordinal) => OutputBoundMessage,
        InvalidOperationException when exception.Message.Contains("steps", StringComparison.Ordinal) || exception.Message.Contains("recursion", StringComparison.Ordinal) =>
            $"The template runs more than {MaxSteps:N0} steps or nests more than {MaxNesting} levels deep (an endless or nested loop?).",
        _ => exception.Message,
    };

    [GeneratedRegex(@"at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex Position();

    [GeneratedRegex(@"[\r\n]+")]
    private static partial Regex LineBreaks();
}
