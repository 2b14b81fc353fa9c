using Semver;

namespace Dashboard.Flags;

/// <summary>
/// A semantic version parsed the way LaunchDarkly's semVer operators parse: minor and patch may be
/// missing (<c>"2"</c>, <c>"2.1"</c>, <c>"2-rc"</c> become 2.0.0, 2.1.0, 2.0.0-rc), otherwise strict
/// semver 2.0 (no leading zeros, no <c>v</c> prefix, no fourth component). Build metadata is kept but
/// ignored for precedence. Parsing does not allocate, so evaluation can parse context values per call.
/// </summary>
public readonly struct LenientSemVer : IEquatable<LenientSemVer>, IComparable<LenientSemVer>
{
    private readonly string _source;
    private readonly int _prereleaseStart;
    private readonly int _prereleaseLength;
    private readonly int _buildStart;
    private readonly int _buildLength;

    private LenientSemVer(string source, int major, int minor, int patch, int prereleaseStart, int prereleaseLength, int buildStart, int buildLength)
    {
        _source = source;
        Major = major;
        Minor = minor;
        Patch = patch;
        _prereleaseStart = prereleaseStart;
        _prereleaseLength = prereleaseLength;
        _buildStart = buildStart;
        _buildLength = buildLength;
    }

    public int Major { get; }

    public int Minor { get; }

    public int Patch { get; }

    /// <summary>Pre-release identifiers without the leading hyphen; empty for a release.</summary>
    public string Prerelease => _prereleaseLength == 0 ? string.Empty : _source.Substring(_prereleaseStart, _prereleaseLength);

    /// <summary>Build metadata without the leading plus; empty when absent.</summary>
    public string Build => _buildLength == 0 ? string.Empty : _source.Substring(_buildStart, _buildLength);

    private ReadOnlySpan<char> PrereleaseSpan => _source.AsSpan(_prereleaseStart, _prereleaseLength);

    public static bool operator ==(LenientSemVer left, LenientSemVer right) => left.Equals(right);

    public static bool operator !=(LenientSemVer left, LenientSemVer right) => !left.Equals(right);

    public static bool operator <(LenientSemVer left, LenientSemVer right) => left.CompareTo(right) < 0;

    public static bool operator <=(LenientSemVer left, LenientSemVer right) => left.CompareTo(right) <= 0;

    public static bool operator >(LenientSemVer left, LenientSemVer right) => left.CompareTo(right) > 0;

    public static bool operator >=(LenientSemVer left, LenientSemVer right) => left.CompareTo(right) >= 0;

    /// <summary>Parses with LaunchDarkly's lenient rules; false (never an exception) for anything else.</summary>
    public static bool TryParse(string? text, out LenientSemVer version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var position = 0;
        if (!TryReadNumber(text, ref position, out var major))
        {
            return false;
        }

        var minor = 0;
        var patch = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            if (!TryReadNumber(text, ref position, out minor))
            {
                return false;
            }

            if (position < text.Length && text[position] == '.')
            {
                position++;
                if (!TryReadNumber(text, ref position, out patch))
                {
                    return false;
                }
            }
        }

        int prereleaseStart = 0, prereleaseLength = 0, buildStart = 0, buildLength = 0;
        if (position < text.Length && text[position] == '-')
        {
            prereleaseStart = position + 1;
            var end = text.IndexOf('+', prereleaseStart);
            if (end < 0)
            {
                end = text.Length;
            }

            prereleaseLength = end - prereleaseStart;
            if (!AreValidIdentifiers(text.AsSpan(prereleaseStart, prereleaseLength), rejectLeadingZeros: true))
            {
                return false;
            }

            position = end;
        }

        if (position < text.Length && text[position] == '+')
        {
            buildStart = position + 1;
            buildLength = text.Length - buildStart;
            if (!AreValidIdentifiers(text.AsSpan(buildStart, buildLength), rejectLeadingZeros: false))
            {
                return false;
            }

            position = text.Length;
        }

        if (position != text.Length)
        {
            return false;
        }

        version = new LenientSemVer(text, major, minor, patch, prereleaseStart, prereleaseLength, buildStart, buildLength);
        return true;
    }

    /// <summary>Parses and converts to the Semver package's type, for callers that work with <see cref="SemVersion"/>.</summary>
    public static SemVersion? ParseToSemVersion(string? text) => TryParse(text, out var version) ? version.ToSemVersion() : null;

    public SemVersion ToSemVersion() => SemVersion.Parse(ToString(), SemVersionStyles.Strict);

    /// <summary>Semver precedence: build metadata ignored, numeric pre-release parts compared as numbers.</summary>
    public int ComparePrecedence(LenientSemVer other)
    {
        if (Major != other.Major)
        {
            return Major < other.Major ? -1 : 1;
        }

        if (Minor != other.Minor)
        {
            return Minor < other.Minor ? -1 : 1;
        }

        if (Patch != other.Patch)
        {
            return Patch < other.Patch ? -1 : 1;
        }

        if (_prereleaseLength == 0 || other._prereleaseLength == 0)
        {
            return _prereleaseLength == other._prereleaseLength ? 0 : (_prereleaseLength == 0 ? 1 : -1);
        }

        return ComparePrereleases(PrereleaseSpan, other.PrereleaseSpan);
    }

    public int CompareTo(LenientSemVer other) => ComparePrecedence(other);

    /// <summary>Equal precedence (build metadata is ignored).</summary>
    public bool Equals(LenientSemVer other) => ComparePrecedence(other) == 0;

    public override bool Equals(object? obj) => obj is LenientSemVer other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.GetHashCode(PrereleaseSpan, StringComparison.Ordinal));

    /// <summary>The normalized form, with minor and patch filled in.</summary>
    public override string ToString()
    {
        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");
        if (_prereleaseLength > 0)
        {
            text += "-" + Prerelease;
        }

        if (_buildLength > 0)
        {
            text += "+" + Build;
        }

        return text;
    }

    private static bool TryReadNumber(string text, ref int position, out int value)
    {
        value = 0;
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            if (value > (int.MaxValue - 9) / 10)
            {
                return false;
            }

            value = (value * 10) + (text[position] - '0');
            position++;
        }

        var length = position - start;
        return length > 0 && !(length > 1 && text[start] == '0');
    }

    private static bool AreValidIdentifiers(ReadOnlySpan<char> identifiers, bool rejectLeadingZeros)
    {
        if (identifiers.IsEmpty)
        {
            return false;
        }

        foreach (var range in identifiers.Split('.'))
        {
            var identifier = identifiers[range];
            if (identifier.IsEmpty)
            {
                return false;
            }

            var allDigits = true;
            foreach (var ch in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(ch) && ch != '-')
                {
                    return false;
                }

                allDigits &= char.IsAsciiDigit(ch);
            }

            if (rejectLeadingZeros && allDigits && identifier.Length > 1 && identifier[0] == '0')
            {
                return false;
            }
        }

        return true;
    }

    private static int ComparePrereleases(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        while (true)
        {
            if (left.IsEmpty || right.IsEmpty)
            {
                return left.IsEmpty == right.IsEmpty ? 0 : (left.IsEmpty ? -1 : 1);
            }

            var leftIdentifier = NextIdentifier(ref left);
            var rightIdentifier = NextIdentifier(ref right);
            var leftNumeric = IsNumeric(leftIdentifier);
            var rightNumeric = IsNumeric(rightIdentifier);
            int difference;
            if (leftNumeric && rightNumeric)
            {
                // Identifiers have no leading zeros, so the longer digit string is the bigger number.
                difference = leftIdentifier.Length != rightIdentifier.Length
                    ? leftIdentifier.Length.CompareTo(rightIdentifier.Length)
                    : leftIdentifier.SequenceCompareTo(rightIdentifier);
            }
            else if (leftNumeric || rightNumeric)
            {
                difference = leftNumeric ? -1 : 1;
            }
            else
            {
                difference = leftIdentifier.SequenceCompareTo(rightIdentifier);
            }

            if (difference != 0)
            {
                return difference < 0 ? -1 : 1;
            }
        }
    }

    private static ReadOnlySpan<char> NextIdentifier(ref ReadOnlySpan<char> remaining)
    {
        var dot = remaining.IndexOf('.');
        if (dot < 0)
        {
            var last = remaining;
            remaining = [];
            return last;
        }

        var identifier = remaining[..dot];
        remaining = remaining[(dot + 1)..];
        return identifier;
    }

    private static bool IsNumeric(ReadOnlySpan<char> identifier)
    {
        foreach (var ch in identifier)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return true;
    }
}
