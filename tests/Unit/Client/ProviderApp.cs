using Dashboard.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Unit.Client;

/// <summary>A provider API on real Kestrel using Dashboard.Client: <c>GET /orders</c> records one evaluation per call.</summary>
public sealed class ProviderApp : IAsyncDisposable
{
    public const string Flag = "use-new-response-format";
    private readonly WebApplication app;

    private ProviderApp(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IEvaluationRecorder Recorder => app.Services.GetRequiredService<IEvaluationRecorder>();

    public static async Task<ProviderApp> StartAsync(Uri sundial, Action<SundialClientOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddSundialClient(options =>
        {
            options.BaseAddress = sundial;
            options.ApiKey = "sdl_test_key";
            options.PolicyFlags = [Flag];
            options.FlushInterval = TimeSpan.FromMilliseconds(100);
            options.InitialRetryDelay = TimeSpan.FromMilliseconds(100);
            options.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
            options.PolicyTimeout = TimeSpan.FromMilliseconds(300);
            options.PolicyFailureBackoff = TimeSpan.FromMilliseconds(200);
            options.RequestTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.UseSundial();
        app.MapGet("/orders", (HttpContext context, IEvaluationRecorder recorder) =>
        {
            var metadata = context.GetRequestMetadata();
            recorder.Record(new EvaluationEvent(Flag, 1, metadata.TenantId, metadata.SentApiVersion, metadata.ClientType, null, DateTimeOffset.UtcNow));
            return Results.Ok(new { format = "legacy" });
        });
        await app.StartAsync();
        // The test's own timeout only guards against a hang; the assertions are about status and headers.
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        return new ProviderApp(app, client);
    }

    public async Task<HttpResponseMessage> GetOrdersAsync(string apiVersion = "1.0.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Add(RequestMetadata.ApiVersionHeader, apiVersion);
        request.Headers.Add(RequestMetadata.TenantIdHeader, "acme");
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
