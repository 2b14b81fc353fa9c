using Dashboard.Validation;
using Microsoft.Extensions.Options;

namespace Dashboard.Options;

/// <summary>Stops start-up with a message naming the key when the LaunchDarkly section is unusable.</summary>
public sealed class LaunchDarklyOptionsValidator : IValidateOptions<LaunchDarklyOptions>
{
    public ValidateOptionsResult Validate(string? name, LaunchDarklyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.BaseUrl is not { IsAbsoluteUri: true } url || !HttpUrl.IsValid(url.OriginalString))
        {
            failures.Add("LaunchDarkly:BaseUrl must be an absolute http(s) URL, e.g. https://app.launchdarkly.com.");
        }

        if (options.SyncInterval < TimeSpan.Zero || (options.SyncInterval > TimeSpan.Zero && options.SyncInterval < TimeSpan.FromMinutes(1)) || options.SyncInterval > TimeSpan.FromDays(1))
        {
            failures.Add("LaunchDarkly:SyncInterval must be 00:00:00 (off) or between 00:01:00 and 1.00:00:00.");
        }

        if (options.MaxRateLimitWait < TimeSpan.Zero || options.MaxRateLimitWait > TimeSpan.FromMinutes(10))
        {
            failures.Add("LaunchDarkly:MaxRateLimitWait must be between 00:00:00 and 00:10:00.");
        }

        if (options.FlagPageSize is < 1 or > 100)
        {
            failures.Add("LaunchDarkly:FlagPageSize must be between 1 and 100.");
        }

        if (options.SegmentPageSize is < 1 or > 50)
        {
            failures.Add("LaunchDarkly:SegmentPageSize must be between 1 and 50.");
        }

        if (options.ApiToken is { } token && (token.Length == 0 || token.Any(char.IsWhiteSpace)))
        {
            failures.Add("LaunchDarkly:ApiToken must not be empty or contain whitespace.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
