using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Dashboard.Client;

/// <summary>Adds <c>Authorization: Bearer &lt;key&gt;</c> to every call to Sundial.</summary>
internal sealed class ApiKeyHandler(IOptions<SundialClientOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.ApiKey);
        return base.SendAsync(request, cancellationToken);
    }
}
