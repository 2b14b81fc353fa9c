using System.Text.Json;
using Dashboard.Client;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;
using WidgetsApi;

// The request-metadata example: /api/widgets answers in the legacy or the new format, decided by the flag
// use-new-response-format for the caller's X-API-Version, and wired to Sundial with Dashboard.Client.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSundialClient(builder.Configuration.GetSection(SundialClientOptions.SectionName));
var flagFile = Path.Combine(builder.Environment.ContentRootPath, builder.Configuration["FlagDataFile"] ?? "flags.json");
var loaded = FlagStore.Load(File.ReadAllText(flagFile));
if (!loaded.Succeeded)
{
    throw new InvalidOperationException($"The flag data file {flagFile} is not usable: {string.Join("; ", loaded.Errors)}");
}

builder.Services.AddSingleton<IFlagEvaluator>(new FlagEvaluator(loaded.Store!));

var app = builder.Build();
app.UseSundial();

Widget[] widgets =
[
    new("w-1", "Sprocket", new DateTimeOffset(2024, 1, 15, 9, 30, 0, TimeSpan.Zero)),
    new("w-2", "Flange", new DateTimeOffset(2024, 3, 2, 14, 0, 0, TimeSpan.Zero)),
];

app.MapGet("/api/widgets", (HttpContext context, IFlagEvaluator flags, IEvaluationRecorder recorder) =>
{
    var metadata = context.GetRequestMetadata();
    var attributes = new Dictionary<string, JsonElement>();
    if (metadata.ApiVersion is { } version)
    {
        attributes["apiVersion"] = JsonSerializer.SerializeToElement(version);
    }

    if (metadata.ClientType is { } clientType)
    {
        attributes["clientType"] = JsonSerializer.SerializeToElement(clientType);
    }

    var evaluation = flags.EvaluateBoolean("use-new-response-format", EvaluationContext.Create("request", context.TraceIdentifier, attributes), defaultValue: false);
    recorder.Record(new EvaluationEvent(
        "use-new-response-format", evaluation.VariationIndex ?? 1, metadata.TenantId, metadata.SentApiVersion, metadata.ClientType, metadata.ClientVersion, DateTimeOffset.UtcNow));

    return evaluation.Value.GetBoolean()
        ? Results.Json(new { data = widgets, apiVersion = metadata.ApiVersion })
        : Results.Json(widgets.Select(w => new Dictionary<string, object> { ["widget_id"] = w.Id, ["widget_name"] = w.Name, ["created"] = w.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) }));
});

app.MapGet("/health", () => Results.Ok("ok"));
await app.RunAsync();
