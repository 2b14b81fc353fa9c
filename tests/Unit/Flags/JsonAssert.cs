using System.Text.Json;

namespace Dashboard.Tests.Unit.Flags;

/// <summary>JSON equality where numbers compare by value (<c>1</c> equals <c>1.0</c>) and property order does not matter.</summary>
public static class JsonAssert
{
    public static void Equal(JsonElement expected, JsonElement actual, string what)
    {
        if (!AreEquivalent(expected, actual))
        {
            Assert.Fail($"{what}: expected {Describe(expected)} but got {Describe(actual)}");
        }
    }

    public static bool AreEquivalent(JsonElement left, JsonElement right)
    {
        var leftKind = Normalize(left.ValueKind);
        if (leftKind != Normalize(right.ValueKind))
        {
            return false;
        }

        switch (leftKind)
        {
            case JsonValueKind.Number:
                return left.GetDouble().Equals(right.GetDouble());
            case JsonValueKind.String:
                return left.GetString() == right.GetString();
            case JsonValueKind.Array:
                if (left.GetArrayLength() != right.GetArrayLength())
                {
                    return false;
                }

                return left.EnumerateArray().Zip(right.EnumerateArray()).All(pair => AreEquivalent(pair.First, pair.Second));
            case JsonValueKind.Object:
                var leftProperties = left.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var rightProperties = right.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                return leftProperties.Count == rightProperties.Count
                    && leftProperties.All(p => rightProperties.TryGetValue(p.Key, out var other) && AreEquivalent(p.Value, other));
            default:
                return true;
        }
    }

    private static JsonValueKind Normalize(JsonValueKind kind) => kind == JsonValueKind.Undefined ? JsonValueKind.Null : kind;

    private static string Describe(JsonElement element) =>
        element.ValueKind == JsonValueKind.Undefined ? "(undefined)" : element.GetRawText();
}
