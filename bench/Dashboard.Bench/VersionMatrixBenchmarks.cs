using System.Globalization;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Dashboard.Components.Flags;
using Dashboard.Data.Entities;
using Dashboard.Flags;
using Dashboard.Matrix;
using Dashboard.Versions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Bench;

/// <summary>
/// The version matrix for a flag seen with 500 API versions × 6 client types: building it (3,000+ evaluations and the
/// recorded counts) and rendering the table to HTML, as the panel does on the server. Goal: under 500 ms together.
/// </summary>
[MemoryDiagnoser]
public class VersionMatrixBenchmarks : IDisposable
{
    private static readonly string[] ClientTypes = ["server", "web", "mobile-ios", "mobile-android", "cli", "partner-sdk"];

    private VersionMatrixInput input = default!;
    private VersionMatrix matrix = default!;
    private ServiceProvider services = default!;
    private HtmlRenderer renderer = default!;

    [GlobalSetup]
    public void Setup()
    {
        var flag = JsonNode.Parse("""
            {
              "key": "use-new-response-format", "version": 1, "on": true, "salt": "s", "variations": [ true, false ],
              "rules": [
                { "id": "mobile", "variation": 0, "clauses": [ { "contextKind": "request", "attribute": "clientType", "op": "in", "values": [ "mobile-ios", "mobile-android" ] },
                                                                { "contextKind": "request", "attribute": "apiVersion", "op": "semVerGreaterThan", "values": [ "3.1.0" ] } ] },
                { "id": "v2", "variation": 0, "clauses": [ { "contextKind": "request", "attribute": "apiVersion", "op": "semVerLessThan", "negate": true, "values": [ "2.0.0" ] } ] }
              ],
              "fallthrough": { "variation": 1 }, "offVariation": 1
            }
            """)!;
        var store = FlagStore.Load(new JsonObject { ["flags"] = new JsonObject { ["use-new-response-format"] = flag } }.ToJsonString()).Store!;
        var recorded = new List<RecordedCount>();
        for (var i = 0; i < 500; i++)
        {
            var version = VersionReader.Read(string.Create(CultureInfo.InvariantCulture, $"{1 + (i / 100)}.{i / 10 % 10}.{i % 10}"), VersionScheme.SemVer);
            foreach (var clientType in ClientTypes)
            {
                recorded.Add(new RecordedCount(version.Value, version.Status, version.SortKey, clientType, i < 100 ? 1 : 0, 100 + i, 3));
            }
        }

        input = new VersionMatrixInput(store.GetFlag("use-new-response-format")!, store, new FlagEvaluator(store), VersionDimension.ApiVersion, VersionScheme.SemVer,
            new ConsumerMapping(), recorded, [new MatrixVariation(0, "true", "New", false), new MatrixVariation(1, "false", "Legacy", true)]);
        matrix = VersionMatrixBuilder.Build(input);
        services = new ServiceCollection().AddLogging().BuildServiceProvider();
        renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
    }

    [GlobalCleanup]
    public void Dispose()
    {
        renderer.Dispose();
        services.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public VersionMatrix Build500VersionsBy6ClientTypes() => VersionMatrixBuilder.Build(input);

    [Benchmark]
    public Task<string> RenderTable500VersionsBy6ClientTypes() => RenderAsync(matrix);

    [Benchmark]
    public async Task<string> BuildAndRender500VersionsBy6ClientTypes() => await RenderAsync(VersionMatrixBuilder.Build(input));

    private Task<string> RenderAsync(VersionMatrix toRender) => renderer.Dispatcher.InvokeAsync(async () =>
    {
        var output = await renderer.RenderComponentAsync<VersionMatrixTable>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Matrix"] = toRender }));
        return output.ToHtmlString();
    });
}
