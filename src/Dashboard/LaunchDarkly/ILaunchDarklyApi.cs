using System.Text.Json;
using Refit;

namespace Dashboard.LaunchDarkly;

/// <summary>
/// The parts of LaunchDarkly's REST API v2 that the sync reads. The token is passed per call because an admin can
/// change it at run time (LaunchDarkly expects the bare token in <c>Authorization</c>, without a scheme).
/// </summary>
[Headers("LD-API-Version: 20240415", "Accept: application/json")]
public interface ILaunchDarklyApi
{
    /// <summary>Flags of a project with the full configuration of one environment (<c>summary=0</c>).</summary>
    [Get("/api/v2/flags/{projectKey}?summary=0")]
    Task<LaunchDarklyPage> GetFlagsAsync(
        string projectKey,
        [AliasAs("env")] string environmentKey,
        int limit,
        int offset,
        [Header("Authorization")] string apiToken,
        CancellationToken cancellationToken);

    [Get("/api/v2/segments/{projectKey}/{environmentKey}")]
    Task<LaunchDarklyPage> GetSegmentsAsync(
        string projectKey,
        string environmentKey,
        int limit,
        int offset,
        [Header("Authorization")] string apiToken,
        CancellationToken cancellationToken);

    /// <summary>The project with its environments, to test the token and the environment mapping.</summary>
    [Get("/api/v2/projects/{projectKey}?expand=environments")]
    Task<JsonElement> GetProjectAsync(string projectKey, [Header("Authorization")] string apiToken, CancellationToken cancellationToken);
}
