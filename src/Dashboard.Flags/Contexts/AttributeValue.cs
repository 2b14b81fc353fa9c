using System.Globalization;
using System.Text.Json;
using Dashboard.Flags.Evaluation;

namespace Dashboard.Flags.Contexts;

/// <summary>
/// Immutable JSON value used for context attributes and clause values. Strings and numbers are
/// extracted once so the evaluation hot path reads fields instead of re-decoding JSON.
/// </summary>
internal sealed class AttributeValue
{
    public static readonly AttributeValue Null = new(JsonValueKind.Null);
    public static readonly AttributeValue True = new(JsonValueKind.True);
    public static readonly AttributeValue False = new(JsonValueKind.False);

    private AttributeValue(JsonValueKind kind) => Kind = kind;

    public JsonValueKind Kind { get; }

    public double Number { get; private init; }

    public string? Text { get; private init; }

    public AttributeValue[]? Items { get; private init; }

    public Dictionary<string, AttributeValue>? Properties { get; private init; }

    public bool IsNull => Kind == JsonValueKind.Null;

    public bool IsString => Kind == JsonValueKind.String;

    public bool IsNumber => Kind == JsonValueKind.Number;

    /// <summary>The string as a semantic version, parsed once when the value was created.</summary>
    public LenientSemVer? SemVer { get; private init; }

    /// <summary>The string as an RFC 3339 timestamp (ns since epoch), parsed once when the value was created.</summary>
    public Int128? TimestampNanos { get; private init; }

    /// <summary>
    /// Creates a string value. Strings that look like versions or dates are parsed here, once per
    /// context, so the semver and date operators on the hot path only compare.
    /// </summary>
    public static AttributeValue FromString(string text)
    {
        LenientSemVer? semVer = null;
        Int128? timestamp = null;
        if (text.Length > 0 && char.IsAsciiDigit(text[0]))
        {
            if (LenientSemVer.TryParse(text, out var version))
            {
                semVer = version;
            }

            if (Timestamp.TryParseRfc3339(text, out var nanos))
            {
                timestamp = nanos;
            }
        }

        return new AttributeValue(JsonValueKind.String) { Text = text, SemVer = semVer, TimestampNanos = timestamp };
    }

    public static AttributeValue FromNumber(double number) => new(JsonValueKind.Number) { Number = number };

    public static AttributeValue FromBool(bool value) => value ? True : False;

    public static AttributeValue FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return FromString(element.GetString()!);
            case JsonValueKind.Number:
                return FromNumber(element.GetDouble());
            case JsonValueKind.True:
                return True;
            case JsonValueKind.False:
                return False;
            case JsonValueKind.Array:
                var items = new AttributeValue[element.GetArrayLength()];
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[index++] = FromJson(item);
                }

                return new AttributeValue(JsonValueKind.Array) { Items = items };
            case JsonValueKind.Object:
                var properties = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = FromJson(property.Value);
                }

                return new AttributeValue(JsonValueKind.Object) { Properties = properties };
            default:
                return Null;
        }
    }

    /// <summary>LaunchDarkly's equality for the <c>in</c> operator: same JSON type and same value, never coerced.</summary>
    public bool EqualsPrimitive(AttributeValue other) => Kind switch
    {
        JsonValueKind.String => other.Kind == JsonValueKind.String && string.Equals(Text, other.Text, StringComparison.Ordinal),
        JsonValueKind.Number => other.Kind == JsonValueKind.Number && Number.Equals(other.Number),
        JsonValueKind.True or JsonValueKind.False => other.Kind == Kind,
        _ => false,
    };

    /// <summary>Whether the value is a whole number, which LaunchDarkly accepts as a bucketing attribute.</summary>
    public bool TryGetWholeNumber(out long value)
    {
        if (Kind == JsonValueKind.Number && Math.Floor(Number) == Number && Number >= long.MinValue && Number <= long.MaxValue)
        {
            value = (long)Number;
            return true;
        }

        value = 0;
        return false;
    }

    public JsonElement ToJsonElement()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(Text);
                break;
            case JsonValueKind.Number:
                writer.WriteNumberValue(Number);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(Kind == JsonValueKind.True);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in Items!)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var (name, value) in Properties!)
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    public override string ToString() => Kind switch
    {
        JsonValueKind.String => Text!,
        JsonValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => Kind.ToString(),
    };
}
