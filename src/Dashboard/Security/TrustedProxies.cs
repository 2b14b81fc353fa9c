using System.Net;
using Dashboard.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dashboard.Security;

/// <summary>
/// Forwarded headers are honoured only from the proxies in <c>ForwardedHeaders:KnownProxies</c> and
/// <c>ForwardedHeaders:KnownNetworks</c>; without them the connection's own address counts, whatever a client claims.
/// </summary>
public static partial class TrustedProxies
{
    /// <summary>Headers a reverse proxy adds (the <c>X-Original-*</c> ones are left by the forwarded-headers middleware).</summary>
    private static readonly string[] ProxyHeaders =
        ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Real-IP", "X-Original-For", "X-Original-Host", "X-Original-Proto"];

    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrustedProxyOptions>()
            .Bind(builder.Configuration.GetSection(TrustedProxyOptions.SectionName))
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "ForwardedHeaders:KnownProxies must list IP addresses, like 127.0.0.1.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must list networks in CIDR notation, like 10.0.0.0/8.")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            // With both lists empty the middleware would believe every sender, so without configured proxies it does nothing.
            options.ForwardedHeaders = trusted.Value.AnyConfigured ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            // The defaults trust loopback, which would let anything on this machine (or a proxy on it) claim any address.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>
    /// Forwarded headers first (only from configured proxies), then a warning, once, when a request carries
    /// <c>X-Forwarded-For</c> but no proxy is configured: every client behind that proxy then shares its address.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.AnyConfigured)
        {
            return app;
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard.Security.TrustedProxies");
        var warned = 0;
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey("X-Forwarded-For") && Interlocked.Exchange(ref warned, 1) == 0)
            {
                LogUnconfiguredProxy(logger, ClientAddress(context)?.ToString() ?? "unknown");
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// The client's address: the connection's, or what a configured proxy reported for it; IPv4 clients on a dual-stack
    /// socket count as plain IPv4.
    /// </summary>
    public static IPAddress? ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    /// <summary>
    /// True when the request may have come through a reverse proxy: it carries any header a proxy adds (trusted or not),
    /// or proxies are configured at all (a proxy on this machine connects from loopback like a local browser).
    /// </summary>
    public static bool CameThroughProxy(HttpContext context) =>
        ProxyHeaders.Any(context.Request.Headers.ContainsKey)
        || context.RequestServices.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.AnyConfigured;

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "A request from {Address} carries X-Forwarded-For, but no proxy is configured in ForwardedHeaders:KnownProxies or KnownNetworks: the header is ignored, and every client behind that proxy shares its address in the sign-in limit.")]
    private static partial void LogUnconfiguredProxy(ILogger logger, string address);
}
