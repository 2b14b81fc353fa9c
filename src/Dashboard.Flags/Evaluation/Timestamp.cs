using Dashboard.Flags.Contexts;

namespace Dashboard.Flags.Evaluation;

/// <summary>
/// Converts date operator operands to nanoseconds since the Unix epoch, like LaunchDarkly's Go
/// evaluator: numbers are Unix milliseconds (fraction truncated), strings must be RFC 3339 with a
/// date, a time and a zone offset. Parses spans without allocating so context values can be read per call.
/// </summary>
internal static class Timestamp
{
    private const long NanosPerSecond = 1_000_000_000;

    public static bool TryFromValue(AttributeValue value, out Int128 nanos)
    {
        switch (value.Kind)
        {
            case System.Text.Json.JsonValueKind.Number:
                var millis = double.IsFinite(value.Number) ? (Int128)Math.Truncate(value.Number) : 0;
                nanos = millis * 1_000_000;
                return double.IsFinite(value.Number);
            case System.Text.Json.JsonValueKind.String:
                nanos = value.TimestampNanos.GetValueOrDefault();
                return value.TimestampNanos.HasValue;
            default:
                nanos = 0;
                return false;
        }
    }

    public static bool TryParseRfc3339(ReadOnlySpan<char> text, out Int128 nanos)
    {
        nanos = 0;
        var position = 0;
        if (!TryReadField(text, ref position, 4, 4, 0, 9999, out var year) || !Expect(text, ref position, '-')
            || !TryReadField(text, ref position, 2, 2, 1, 12, out var month) || !Expect(text, ref position, '-')
            || !TryReadField(text, ref position, 2, 2, 1, 31, out var day)
            || position >= text.Length || (text[position] != 'T' && text[position] != 't'))
        {
            return false;
        }

        position++;
        if (!TryReadField(text, ref position, 1, 2, 0, 23, out var hour) || !Expect(text, ref position, ':')
            || !TryReadField(text, ref position, 2, 2, 0, 59, out var minute) || !Expect(text, ref position, ':')
            || !TryReadField(text, ref position, 2, 2, 0, 60, out var second))
        {
            return false;
        }

        long fraction = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            var digits = 0;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                fraction = (fraction * 10) + (text[position] - '0');
                digits++;
                position++;
            }

            if (digits == 0 || digits > 9)
            {
                return false;
            }

            for (; digits < 9; digits++)
            {
                fraction *= 10;
            }
        }

        if (position >= text.Length)
        {
            return false;
        }

        long offsetSeconds = 0;
        var zone = text[position++];
        if (zone is '+' or '-')
        {
            if (!TryReadField(text, ref position, 2, 2, 0, 99, out var offsetHours) || !Expect(text, ref position, ':')
                || !TryReadField(text, ref position, 2, 2, 0, 59, out var offsetMinutes))
            {
                return false;
            }

            offsetSeconds = ((offsetHours * 60) + offsetMinutes) * 60;
            if (zone == '+')
            {
                offsetSeconds = -offsetSeconds;
            }
        }
        else if (zone is not ('Z' or 'z'))
        {
            return false;
        }

        if (position != text.Length)
        {
            return false;
        }

        // Day overflow (e.g. February 31) rolls into the next month, as Go's time.Date does.
        var days = DaysFromCivil(year, month, 1) + day - 1;
        var seconds = (days * 86_400L) + (hour * 3600L) + (minute * 60L) + second + offsetSeconds;
        nanos = ((Int128)seconds * NanosPerSecond) + fraction;
        return true;
    }

    private static bool Expect(ReadOnlySpan<char> text, ref int position, char expected)
    {
        if (position < text.Length && text[position] == expected)
        {
            position++;
            return true;
        }

        return false;
    }

    private static bool TryReadField(ReadOnlySpan<char> text, ref int position, int minLength, int maxLength, int minValue, int maxValue, out int value)
    {
        value = 0;
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]) && position - start < maxLength)
        {
            value = (value * 10) + (text[position] - '0');
            position++;
        }

        var length = position - start;
        return length >= minLength && value >= minValue && value <= maxValue
            && !(position < text.Length && char.IsAsciiDigit(text[position]));
    }

    // Howard Hinnant's days_from_civil: proleptic Gregorian calendar, valid for year 0 as well.
    private static long DaysFromCivil(long year, long month, long day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month + (month > 2 ? -3 : 9))) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097) + dayOfEra - 719_468;
    }
}
