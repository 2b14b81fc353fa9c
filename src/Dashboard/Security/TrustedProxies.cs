using System.Net;
using Dashboard.Options;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dashboard.Security;

/// <summary>
/// Forwarded headers are honoured only from the proxies in <c>ForwardedHeaders:KnownProxies</c> and
/// <c>ForwardedHeaders:KnownNetworks</c>; without them the connection's own address counts, whatever a client claims.
/// </summary>
public static class TrustedProxies
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

    /// <summary>True when the request carries any header a proxy adds, whether or not that proxy is trusted.</summary>
    public static bool CameThroughProxy(HttpRequest request) => ProxyHeaders.Any(request.Headers.ContainsKey);
}
