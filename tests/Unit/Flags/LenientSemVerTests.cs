using Dashboard.Flags;
using Semver;

namespace Dashboard.Tests.Unit.Flags;

public sealed class LenientSemVerTests
{
    [Theory]
    [InlineData("2", "2.0.0")]
    [InlineData("2.1", "2.1.0")]
    [InlineData("2-rc", "2.0.0-rc")]
    [InlineData("2.1-rc.1+build", "2.1.0-rc.1+build")]
    [InlineData("0.0.0", "0.0.0")]
    [InlineData("1.2.3-alpha-1.0a+001", "1.2.3-alpha-1.0a+001")]
    public void TryParse_LaunchDarklyLenientForms_PadsMissingParts(string text, string normalized)
    {
        Assert.True(LenientSemVer.TryParse(text, out var version));
        Assert.Equal(normalized, version.ToString());
        Assert.Equal(SemVersion.Parse(normalized, SemVersionStyles.Strict), version.ToSemVersion());
    }

    [Theory]
    [InlineData("")]
    [InlineData("v2.0.0")]
    [InlineData("02.0.0")]
    [InlineData("2.0.0.0")]
    [InlineData("2.0.0-")]
    [InlineData("2.0.0-rc..1")]
    [InlineData("2.0.0-01")]
    [InlineData("2.0.0+")]
    [InlineData("2.0.0 ")]
    [InlineData("2.")]
    [InlineData("99999999999.0.0")]
    public void TryParse_InvalidForms_ReturnsFalse(string text)
    {
        Assert.False(LenientSemVer.TryParse(text, out _));
        Assert.Null(LenientSemVer.ParseToSemVersion(text));
    }

    [Theory]
    [InlineData("1.0.0-alpha", "1.0.0-alpha.1")]
    [InlineData("1.0.0-alpha.1", "1.0.0-alpha.beta")]
    [InlineData("1.0.0-alpha.beta", "1.0.0-beta")]
    [InlineData("1.0.0-beta.2", "1.0.0-beta.11")]
    [InlineData("1.0.0-rc.1", "1.0.0")]
    [InlineData("1.0.0+zzz", "1.0.1+aaa")]
    [InlineData("1.9.0", "1.10.0")]
    public void ComparePrecedence_OrderedPairs_AgreesWithSemverPackage(string lower, string higher)
    {
        Assert.True(LenientSemVer.TryParse(lower, out var low));
        Assert.True(LenientSemVer.TryParse(higher, out var high));

        Assert.Equal(-1, low.ComparePrecedence(high));
        Assert.Equal(1, high.ComparePrecedence(low));
        Assert.Equal(SemVersion.ComparePrecedence(low.ToSemVersion(), high.ToSemVersion()), low.ComparePrecedence(high));
    }

    [Fact]
    public void ComparePrecedence_BuildMetadataOnlyDifference_IsEqual()
    {
        Assert.True(LenientSemVer.TryParse("2.0.0+a", out var left));
        Assert.True(LenientSemVer.TryParse("2+b", out var right));

        Assert.Equal(0, left.ComparePrecedence(right));
        Assert.Equal(left, right);
    }
}
