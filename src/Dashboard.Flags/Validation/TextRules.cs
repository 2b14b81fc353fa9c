using System.Buffers;
using System.Globalization;
using System.Text;

namespace Dashboard.Flags.Validation;

/// <summary>
/// The one rule for strings that people and callers enter, used by ingest, the APIs, forms and CSV import. Each check
/// returns what is wrong as a phrase to put after the field's name (<c>"must not contain control characters (U+000A at
/// position 5)"</c>), or null when the value is fine; a valid value costs one vectorised scan and allocates nothing.
/// <list type="bullet">
/// <item><b>Keys</b> (consumer keys, flag keys, tenant ids, API and client versions, client types): no control characters,
/// no invisible or bidirectional formatting characters (Unicode category Cf, e.g. U+200B, U+202E, U+FEFF), no line or
/// paragraph separators, no space but the ASCII one, no unpaired surrogates. Such keys are refused, not rewritten: a key
/// is an identifier the caller sends again and looks up by, so it must be stored exactly as sent.</item>
/// <item><b>Text</b> (names, titles, notes): no control characters (a multi-line field allows tab and line breaks), no
/// bidirectional overrides, embeddings or isolates (they reorder how the surrounding page reads), no unpaired surrogates.
/// Joiners and direction marks stay allowed: emoji and right-to-left names need them.</item>
/// </list>
/// </summary>
public static class TextRules
{
    public const string ControlCharacters = "must not contain control characters";
    public const string InvisibleCharacters = "must not contain invisible or look-alike characters (zero-width, bidirectional formatting or non-ASCII spaces)";
    public const string BidirectionalControls = "must not contain bidirectional control characters";
    public const string UnpairedSurrogate = "must be valid Unicode text";

    /// <summary>Single-line names and titles; <see cref="MultiLine"/> for notes and reasons.</summary>
    public const bool SingleLine = false;

    public const bool MultiLine = true;

    /// <summary>Space to tilde; SearchValues keeps the scan vectorised and allocation-free in every build.</summary>
    private static readonly SearchValues<char> PrintableAscii =
        SearchValues.Create(string.Concat(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c)));

    /// <summary>What is wrong with a key, or null when it is fine (null is fine: required-ness is the caller's rule).</summary>
    public static string? KeyProblem(string? value, int maxLength) => Problem(value, maxLength, key: true, multiLine: false);

    /// <summary>What is wrong with free text, or null when it is fine.</summary>
    public static string? TextProblem(string? value, int maxLength, bool multiLine = SingleLine) => Problem(value, maxLength, key: false, multiLine);

    private static string? Problem(string? value, int maxLength, bool key, bool multiLine)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"must be at most {maxLength} characters long");
        }

        var span = value.AsSpan();
        // Nearly every key and name is printable ASCII: one vectorised scan decides it.
        var position = span.IndexOfAnyExcept(PrintableAscii);
        while (position >= 0)
        {
            if (Rune.DecodeFromUtf16(span[position..], out var rune, out var length) != OperationStatus.Done)
            {
                return Found(UnpairedSurrogate, span[position], position);
            }

            if (Refusal(rune, key, multiLine) is { } refusal)
            {
                return Found(refusal, rune.Value, position);
            }

            var next = position + length;
            var rest = span[next..].IndexOfAnyExcept(PrintableAscii);
            position = rest < 0 ? -1 : next + rest;
        }

        return null;
    }

    private static string? Refusal(Rune rune, bool key, bool multiLine)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category == UnicodeCategory.Control)
        {
            return multiLine && rune.Value is '\t' or '\n' or '\r' ? null : ControlCharacters;
        }

        if (category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
        {
            return multiLine ? null : ControlCharacters;
        }

        if (IsBidirectionalControl(rune.Value))
        {
            return key ? InvisibleCharacters : BidirectionalControls;
        }

        return key && (category == UnicodeCategory.Format || category == UnicodeCategory.SpaceSeparator) ? InvisibleCharacters : null;
    }

    /// <summary>Embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they reorder the text around them.</summary>
    private static bool IsBidirectionalControl(int codePoint) => codePoint is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    private static string Found(string problem, int codePoint, int position) =>
        string.Create(CultureInfo.InvariantCulture, $"{problem} (U+{codePoint:X4} at position {position + 1})");
}
