using System.Text.Json;

namespace Dashboard.Tests.Unit.Flags;

/// <summary>
/// The LaunchDarkly conformance cases (one JSON line each), loaded once and looked up by id so each
/// line is its own serializable theory case named after the id.
/// </summary>
public static class ConformanceCases
{
    private static readonly string[] Files = ["server-side-eval.jsonl", "server-side-bucketing.jsonl"];

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> CasesById = new(Load);

    public static IReadOnlyDictionary<string, JsonElement> All => CasesById.Value;

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var id in All.Keys)
        {
            data.Add(id);
        }

        return data;
    }

    public static TheoryData<string> IdsWithOldUser()
    {
        var data = new TheoryData<string>();
        foreach (var (id, testCase) in All)
        {
            if (testCase.TryGetProperty("oldUser", out var oldUser) && oldUser.ValueKind != JsonValueKind.Null)
            {
                data.Add(id);
            }
        }

        return data;
    }

    private static Dictionary<string, JsonElement> Load()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Flags", "Conformance");
        var cases = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var file in Files)
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, file)))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using var document = JsonDocument.Parse(line);
                var testCase = document.RootElement.Clone();
                cases.Add(testCase.GetProperty("id").GetString()!, testCase);
            }
        }

        return cases;
    }
}
