using System.Text.Json;

namespace Dashboard.Flags.Contexts;

/// <summary>
/// Reads context JSON with the rules of LaunchDarkly's SDKs: <c>kind</c> present means the new
/// schema (single or <c>multi</c>), absent means an old-style user with built-ins and <c>custom</c>.
/// </summary>
internal static class EvaluationContextParser
{
    private static readonly HashSet<string> OldUserStringBuiltIns =
        new(StringComparer.Ordinal) { "firstName", "lastName", "email", "country", "avatar", "ip" };

    public static EvaluationContext Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return EvaluationContext.Invalid(EvaluationContext.DefaultKind, $"context JSON must be an object, found {json.ValueKind}");
        }

        if (!json.TryGetProperty("kind", out var kindElement))
        {
            return ParseOldUser(json);
        }

        if (kindElement.ValueKind != JsonValueKind.String)
        {
            return EvaluationContext.Invalid(EvaluationContext.DefaultKind, $"context \"kind\" must be a string, found {kindElement.ValueKind}");
        }

        var kind = kindElement.GetString()!;
        if (kind.Length == 0)
        {
            return EvaluationContext.Invalid(kind, "context kind must not be empty");
        }

        return kind == EvaluationContext.MultiKind ? ParseMulti(json) : ParseSingle(json, kind);
    }

    /// <summary>Applies one attribute the way LaunchDarkly's context builder does; returns an error or null.</summary>
    public static string? SetAttribute(
        Dictionary<string, AttributeValue> attributes,
        string name,
        JsonElement value,
        ref string? contextName,
        ref bool anonymous)
    {
        switch (name)
        {
            case "name":
                if (value.ValueKind == JsonValueKind.String)
                {
                    contextName = value.GetString();
                }
                else if (value.ValueKind != JsonValueKind.Null)
                {
                    return $"context attribute \"name\" must be a string, found {value.ValueKind}";
                }

                return null;
            case "anonymous":
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    anonymous = value.GetBoolean();
                }
                else if (value.ValueKind != JsonValueKind.Null)
                {
                    return $"context attribute \"anonymous\" must be a boolean, found {value.ValueKind}";
                }

                return null;
            case "_meta":
                return null;
            case "":
                return null;
            default:
                if (value.ValueKind == JsonValueKind.Null)
                {
                    attributes.Remove(name);
                }
                else
                {
                    attributes[name] = AttributeValue.FromJson(value);
                }

                return null;
        }
    }

    private static EvaluationContext ParseSingle(JsonElement json, string kind)
    {
        string? key = null;
        string? name = null;
        var anonymous = false;
        string? error = null;
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "kind":
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        error ??= $"context \"kind\" must be a string, found {property.Value.ValueKind}";
                    }
                    else
                    {
                        kind = property.Value.GetString()!;
                    }

                    break;
                case "key":
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        error ??= $"context \"key\" must be a string, found {property.Value.ValueKind}";
                    }
                    else
                    {
                        key = property.Value.GetString();
                    }

                    break;
                default:
                    error ??= SetAttribute(attributes, property.Name, property.Value, ref name, ref anonymous);
                    break;
            }
        }

        if (error is null && key is null)
        {
            error = $"context of kind \"{kind}\" has no \"key\"";
        }

        return EvaluationContext.CreateSingle(kind, key ?? string.Empty, name, anonymous, attributes, allowEmptyKey: false, error);
    }

    private static EvaluationContext ParseMulti(JsonElement json)
    {
        var individuals = new List<EvaluationContext>();
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name == "kind")
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.Object)
            {
                return EvaluationContext.Invalid(EvaluationContext.MultiKind, $"multi-kind context entry \"{property.Name}\" must be an object, found {property.Value.ValueKind}");
            }

            var individual = ParseSingle(property.Value, property.Name);
            if (!individual.IsValid)
            {
                return individual;
            }

            individuals.Add(individual);
        }

        return EvaluationContext.CreateMulti(individuals);
    }

    private static EvaluationContext ParseOldUser(JsonElement json)
    {
        string? key = null;
        string? name = null;
        var anonymous = false;
        var attributes = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "key":
                    if (value.ValueKind != JsonValueKind.String)
                    {
                        return EvaluationContext.Invalid(EvaluationContext.DefaultKind, $"user \"key\" must be a string, found {value.ValueKind}");
                    }

                    key = value.GetString();
                    break;
                case "name":
                case "anonymous":
                    var error = SetAttribute(attributes, property.Name, value, ref name, ref anonymous);
                    if (error is not null)
                    {
                        return EvaluationContext.Invalid(EvaluationContext.DefaultKind, error);
                    }

                    break;
                case "custom":
                    if (value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var custom in value.EnumerateObject())
                        {
                            if (custom.Name is not ("kind" or "key" or "name" or "anonymous" or "_meta"))
                            {
                                var ignoredName = (string?)null;
                                var ignoredAnonymous = false;
                                SetAttribute(attributes, custom.Name, custom.Value, ref ignoredName, ref ignoredAnonymous);
                            }
                        }
                    }
                    else if (value.ValueKind != JsonValueKind.Null)
                    {
                        return EvaluationContext.Invalid(EvaluationContext.DefaultKind, $"user \"custom\" must be an object, found {value.ValueKind}");
                    }

                    break;
                default:
                    if (OldUserStringBuiltIns.Contains(property.Name))
                    {
                        if (value.ValueKind == JsonValueKind.String)
                        {
                            attributes[property.Name] = AttributeValue.FromString(value.GetString()!);
                        }
                        else if (value.ValueKind != JsonValueKind.Null)
                        {
                            return EvaluationContext.Invalid(EvaluationContext.DefaultKind, $"user attribute \"{property.Name}\" must be a string, found {value.ValueKind}");
                        }
                    }

                    // Other top-level properties (secondary, privateAttributeNames, unknown ones) do not take part in evaluation.
                    break;
            }
        }

        return key is null
            ? EvaluationContext.Invalid(EvaluationContext.DefaultKind, "user has no \"key\"")
            : EvaluationContext.CreateSingle(EvaluationContext.DefaultKind, key, name, anonymous, attributes, allowEmptyKey: true, error: null);
    }
}
