using Dashboard.Client;
using Microsoft.AspNetCore.Http;

namespace Dashboard.Tests.Unit.Client;

public sealed class RequestMetadataReaderTests
{
    private static RequestMetadata Read(string query, Action<HttpRequest>? headers = null, Action<SundialClientOptions>? configure = null)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        headers?.Invoke(context.Request);
        var options = new SundialClientOptions();
        configure?.Invoke(options);
        return RequestMetadataReader.Read(context.Request, options);
    }

    [Fact]
    public void Read_Headers_GiveEveryDimension()
    {
        var metadata = Read("", r =>
        {
            r.Headers["X-API-Version"] = " 2.1.0 ";
            r.Headers["X-Client-Type"] = "mobile-ios";
            r.Headers["X-Client-Version"] = "3.5.2";
            r.Headers["X-Tenant-Id"] = "acme-corp";
        });

        Assert.Equal(
            new RequestMetadata("2.1.0", "2.1.0", MetadataOrigin.Header, false, "mobile-ios", MetadataOrigin.Header, "3.5.2", "acme-corp"),
            metadata);
    }

    [Fact]
    public void Read_HeaderWinsOverQuery()
    {
        var metadata = Read("?api_version=1.0.0&client=web", r => r.Headers["X-API-Version"] = "2.0.0");

        Assert.Equal(("2.0.0", MetadataOrigin.Header, "web", MetadataOrigin.Query), (metadata.ApiVersion, metadata.ApiVersionOrigin, metadata.ClientType, metadata.ClientTypeOrigin));
    }

    [Fact]
    public void Read_InvalidVersion_UsesTheDefaultButKeepsWhatWasSent()
    {
        var metadata = Read("?api_version=v1", configure: o => o.DefaultApiVersion = "1.0.0");

        Assert.Equal(("1.0.0", "v1", MetadataOrigin.Default, true), (metadata.ApiVersion, metadata.SentApiVersion, metadata.ApiVersionOrigin, metadata.ApiVersionInvalid));
    }

    [Fact]
    public void Read_NothingSentAndNoDefault_IsMarkedMissing()
    {
        var metadata = Read("");

        Assert.Equal((null, MetadataOrigin.Missing, false, MetadataOrigin.Missing), (metadata.ApiVersion, metadata.ApiVersionOrigin, metadata.ApiVersionInvalid, metadata.ClientTypeOrigin));
    }

    [Theory]
    [InlineData("2", ApiVersionFormat.SemVer, true)]
    [InlineData("2.1", ApiVersionFormat.SemVer, true)]
    [InlineData("2.1.0-beta.1", ApiVersionFormat.SemVer, true)]
    [InlineData("v2", ApiVersionFormat.SemVer, false)]
    [InlineData("2023-11-01", ApiVersionFormat.Date, true)]
    [InlineData("2023-13-01", ApiVersionFormat.Date, false)]
    [InlineData("anything", ApiVersionFormat.Opaque, true)]
    public void IsValid_FollowsTheConfiguredFormat(string version, ApiVersionFormat format, bool valid)
    {
        Assert.Equal(valid, RequestMetadataReader.IsValid(version, format));
    }

    [Fact]
    public void Merge_IdenticalEventsInOneMinute_BecomeOneWithACount()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 10, TimeSpan.Zero);
        var events = new[]
        {
            new EvaluationEvent("f", 1, "acme", "1.0.0", "web", null, at),
            new EvaluationEvent("f", 1, "acme", "1.0.0", "web", null, at.AddSeconds(30)),
            new EvaluationEvent("f", 0, "acme", "2.0.0", "web", null, at),
        };

        var merged = EvaluationSender.Merge(events);

        Assert.Equal([2L, 1L], merged.Select(e => e.Count));
    }
}
