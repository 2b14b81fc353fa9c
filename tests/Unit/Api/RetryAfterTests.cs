using Dashboard.Api;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Unit.Api;

/// <summary>Every Retry-After the app sends (busy database, ingest 503, ingest rate limit, sign-in throttle) is whole seconds, rounded up, at least one.</summary>
public sealed class RetryAfterTests
{
    [Theory]
    [InlineData(0, "1")]
    [InlineData(200, "1")]
    [InlineData(1_000, "1")]
    [InlineData(1_200, "2")]
    [InlineData(59_001, "60")]
    public void Set_WritesWholeSecondsRoundedUp_AtLeastOne(int milliseconds, string expected)
    {
        var context = new DefaultHttpContext();

        var seconds = RetryAfter.Set(context.Response, TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(expected, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
