using Dashboard.Timelines;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class DeprecationHeadersTests
{
    [Fact]
    public void FormatDeprecation_Rfc9745Example_IsAtUnixSeconds()
    {
        // RFC 9745 §2.1: "Deprecation: @1688169599" is Friday, 30 June 2023 23:59:59 UTC.
        var value = DeprecationHeaders.FormatDeprecation(new DateTime(2023, 6, 30, 23, 59, 59, DateTimeKind.Utc));

        Assert.Equal("@1688169599", value);
    }

    [Fact]
    public void FormatSunset_Rfc8594Example_IsImfFixdateInGmt()
    {
        var value = DeprecationHeaders.FormatSunset(new DateTime(2018, 12, 31, 23, 59, 59, DateTimeKind.Utc));

        // RFC 8594 §3 prints "Sat, 31 Dec 2018 23:59:59 GMT", but 31 December 2018 was a Monday; the day name must match the date.
        Assert.Equal("Mon, 31 Dec 2018 23:59:59 GMT", value);
    }

    [Fact]
    public void FormatSunset_SingleDigitDay_IsZeroPaddedAsImfFixdateRequires()
    {
        Assert.Equal("Mon, 01 Jan 2024 08:05:09 GMT", DeprecationHeaders.FormatSunset(new DateTime(2024, 1, 1, 8, 5, 9, DateTimeKind.Utc)));
    }

    [Fact]
    public void Formatting_UnspecifiedKind_IsReadAsUtcLikeStoredValues()
    {
        var unspecified = new DateTime(2023, 6, 30, 23, 59, 59, DateTimeKind.Unspecified);

        Assert.Equal("@1688169599", DeprecationHeaders.FormatDeprecation(unspecified));
        Assert.Equal("Fri, 30 Jun 2023 23:59:59 GMT", DeprecationHeaders.FormatSunset(unspecified));
    }

    [Fact]
    public void For_WithGuide_GivesDeprecationAndSunsetLinkValues()
    {
        var headers = DeprecationHeaders.For(
            new DateTime(2023, 6, 30, 23, 59, 59, DateTimeKind.Utc), new DateTime(2024, 6, 30, 23, 59, 59, DateTimeKind.Utc), "https://developer.example.com/deprecation", "https://developer.example.com/deprecation");

        Assert.Equal("@1688169599", headers.Deprecation);
        Assert.Equal("Sun, 30 Jun 2024 23:59:59 GMT", headers.Sunset);
        Assert.Equal(
            ["<https://developer.example.com/deprecation>; rel=\"deprecation\"; type=\"text/html\"", "<https://developer.example.com/deprecation>; rel=\"sunset\""],
            headers.Links);
    }

    [Fact]
    public void For_WithoutGuide_SendsNoLink()
    {
        var headers = DeprecationHeaders.For(DateTime.UnixEpoch, DateTime.UnixEpoch.AddDays(1), null, null);

        Assert.Empty(headers.Links);
        Assert.Equal("@0", headers.Deprecation);
    }

    [Fact]
    public void FormatLink_TargetWithAngleBracket_IsPercentEncodedSoTheValueStaysParseable()
    {
        Assert.Equal("<https://x.example/a%3Eb>; rel=\"sunset\"", DeprecationHeaders.FormatLink("https://x.example/a>b", "sunset", null));
    }
}
