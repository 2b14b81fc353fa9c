using System.Text.RegularExpressions;

namespace Dashboard.LaunchDarkly;

/// <summary>LaunchDarkly's key syntax for projects and environments; checked before a key goes into a URL path.</summary>
public static partial class LaunchDarklyKeys
{
    public static bool IsValid(string key) => KeyPattern().IsMatch(key);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,139}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
