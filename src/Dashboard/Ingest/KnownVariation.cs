using System.Text.Json.Nodes;

namespace Dashboard.Ingest;

/// <summary>One variation of a <see cref="KnownFlag"/>.</summary>
public sealed record KnownVariation(int Index, string ValueJson, JsonNode? Value)
{
    /// <summary>Parses a stored or sent variation value; text that is not JSON is compared as the string it is.</summary>
    public static JsonNode? ParseValue(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
