using System.Text.Json.Nodes;

namespace Dashboard.Demo;

/// <summary>
/// The fixed facts of the demo: a REST API versioned by semver in production, and a partner API versioned by date.
/// Flags use LaunchDarkly's JSON model, targeting request metadata as providers send it.
/// </summary>
internal static class DemoScenario
{
    public const string ProductionKey = "production";
    public const string PartnerKey = "partner-api";

    public static readonly string[] LegacyApiVersions = ["1.0.0", "1.1.0", "1.2.0", "1.4.0"];
    public static readonly string[] CurrentApiVersions = ["2.0.0", "2.1.0", "2.2.0"];
    public static readonly string[] LegacyDateVersions = ["2022-08-01", "2023-02-15"];
    public static readonly string[] CurrentDateVersions = ["2023-11-01", "2024-04-10", "2024-09-30"];
    public static readonly string[] InvalidApiVersions = ["v1", "latest"];
    public static readonly string[] OldMobileVersions = ["3.0.4", "3.2.1", "3.4.0"];
    public static readonly string[] NewMobileVersions = ["3.5.0", "3.5.2", "3.6.1", "3.8.0"];
    public static readonly string[] ServerSdkVersions = ["4.1.0", "4.2.3", "5.0.1"];

    public static readonly (string ClientType, double Weight)[] ClientTypes =
        [("server", 0.40), ("web", 0.25), ("mobile-ios", 0.15), ("mobile-android", 0.15), ("cli", 0.05)];

    public static readonly (string Tier, double Weight)[] Tiers = [("enterprise", 0.2), ("pro", 0.4), ("free", 0.4)];

    public static readonly string[] Organisations =
    [
        "Acme Corp", "Globex", "Initech", "Umbrella Health", "Hooli", "Pied Piper", "Stark Industries", "Wayne Enterprises",
        "Wonka Foods", "Tyrell Systems", "Cyberdyne", "Soylent", "Massive Dynamic", "Aperture Labs", "Black Mesa",
        "Gringotts Bank", "Oceanic Airlines", "Vandelay Imports", "Dunder Mifflin", "Prestige Worldwide", "Monarch Travel",
        "Nakatomi Trading", "Oscorp", "Blue Sun", "Virtucon", "Sirius Cybernetics", "Duff Beverages", "Krusty Brands",
        "Bluth Company", "Los Pollos Hermanos", "Sterling Cooper", "Wernham Hogg", "Gekko & Co", "Rekall", "Weyland Logistics",
        "Abstergo", "InGen", "Yoyodyne", "Spacely Sprockets", "Cogswell Cogs", "Zorg Industries", "Buy n Large",
        "Octan Energy", "Praxis Retail", "Omni Consumer", "Kwik-E-Mart", "Paper Street Soap", "Benthic Petroleum",
        "Compu-Global", "Moe's Tavern",
    ];

    public static readonly string[] PartnerOrganisations =
    [
        "Northwind Traders", "Contoso Pharma", "Fabrikam Fiber", "Tailspin Toys", "Wide World Importers", "Adventure Works",
        "Litware", "Proseware", "Lucerne Publishing", "Margie's Travel", "Coho Vineyard", "Alpine Ski House",
        "Fourth Coffee", "Graphic Design Institute", "Humongous Insurance", "Trey Research", "Wingtip Toys",
        "Relecloud", "VanArsdel", "Woodgrove Bank",
    ];

    public static readonly string[] ContactFirstNames =
        ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken", "Radia", "Edsger", "Hedy"];

    public static readonly string[] ContactLastNames =
        ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Turing", "Liskov", "Ritchie", "Allen", "Thompson", "Perlman", "Dijkstra", "Lamarr"];

    public static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Replace("--", "-", StringComparison.Ordinal).Trim('-');

    /// <summary><c>apiVersion >= 2.0.0</c> serves the new format; LaunchDarkly writes ">=" as a negated <c>semVerLessThan</c>.</summary>
    public static JsonObject NewResponseFormatFlag() => BooleanFlag(
        "use-new-response-format",
        new JsonArray(Rule("new-format-for-v2", 0, Clause("request", "apiVersion", "semVerLessThan", negate: true, "2.0.0"))));

    /// <summary>Offline sync for mobile clients from client version 3.5.0.</summary>
    public static JsonObject OfflineSyncFlag() => BooleanFlag(
        "offline-sync",
        new JsonArray(Rule(
            "mobile-3-5-and-later",
            0,
            Clause("request", "clientType", "in", negate: false, "mobile-ios", "mobile-android"),
            Clause("request", "clientVersion", "semVerLessThan", negate: true, "3.5.0"))));

    /// <summary>The 2023-11-01 schema for date versions from 2023-11-01, and for consumers that opted in early.</summary>
    public static JsonObject NewSchemaFlag(IEnumerable<string> optInConsumerKeys)
    {
        var optIns = optInConsumerKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray();
        return Flag(
            "use-new-schema",
            new JsonArray("2023-11-01-schema", "legacy-schema"),
            new JsonArray(
                Rule("dated-versions", 0, Clause("api-consumer", "apiVersion", "in", negate: false, CurrentDateVersions)),
                new JsonObject
                {
                    ["id"] = "opt-in",
                    ["variation"] = 0,
                    ["clauses"] = new JsonArray(new JsonObject
                    {
                        ["contextKind"] = "api-consumer", ["attribute"] = "key", ["op"] = "in", ["negate"] = false, ["values"] = new JsonArray(optIns),
                    }),
                    ["trackEvents"] = false,
                }));
    }

    private static JsonObject BooleanFlag(string key, JsonArray rules) => Flag(key, new JsonArray(true, false), rules);

    private static JsonObject Flag(string key, JsonArray variations, JsonArray rules) => new()
    {
        ["key"] = key,
        ["version"] = 1,
        ["on"] = true,
        ["prerequisites"] = new JsonArray(),
        ["targets"] = new JsonArray(),
        ["contextTargets"] = new JsonArray(),
        ["rules"] = rules,
        ["fallthrough"] = new JsonObject { ["variation"] = 1 },
        ["offVariation"] = 1,
        ["variations"] = variations,
        ["salt"] = key + "-salt",
        ["trackEvents"] = false,
        ["trackEventsFallthrough"] = false,
        ["clientSide"] = false,
        ["deleted"] = false,
    };

    private static JsonObject Rule(string id, int variation, params JsonObject[] clauses) => new()
    {
        ["id"] = id,
        ["variation"] = variation,
        ["clauses"] = new JsonArray(clauses.Cast<JsonNode?>().ToArray()),
        ["trackEvents"] = false,
    };

    private static JsonObject Clause(string contextKind, string attribute, string op, bool negate, params string[] values) => new()
    {
        ["contextKind"] = contextKind,
        ["attribute"] = attribute,
        ["op"] = op,
        ["negate"] = negate,
        ["values"] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
    };
}
