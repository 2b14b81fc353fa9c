using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Unit.LaunchDarkly;

/// <summary>
/// A real Kestrel server on a free loopback port standing in for LaunchDarkly's REST API. Each test scripts the answer
/// per request; every request is recorded (path, query, Authorization header, arrival time).
/// </summary>
public sealed class LaunchDarklyStubServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LaunchDarklyStubServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a request; the default answers 404.</summary>
    public Func<HttpRequest, int, StubResponse> Respond { get; set; } = (_, _) => new StubResponse(404, """{"code":"not_found","message":"Unknown resource"}""");

    public Uri BaseUrl => new(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

    public static async Task<LaunchDarklyStubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LaunchDarklyStubServer(app);
        var count = 0;
        app.Run(async context =>
        {
            var number = Interlocked.Increment(ref count);
            server.Requests.Enqueue(new RecordedRequest(context.Request.Path, context.Request.QueryString.Value ?? "", context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
            var response = server.Respond(context.Request, number);
            context.Response.StatusCode = response.Status;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
        });
        await app.StartAsync();
        return server;
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "LaunchDarkly", "Fixtures", name));

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    public sealed record RecordedRequest(string Path, string Query, string Authorization, DateTimeOffset At);
}

public sealed record StubResponse(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);
