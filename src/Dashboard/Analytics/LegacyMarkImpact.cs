namespace Dashboard.Analytics;

/// <summary>What changing one variation's legacy mark would change, shown before the change is made.</summary>
/// <param name="FlagKey">The flag.</param>
/// <param name="VariationLabel">The variation whose mark changes.</param>
/// <param name="IsLegacy">The mark after the change.</param>
/// <param name="WindowDays">The recent window the consumer figures cover.</param>
/// <param name="ConsumersChanging">Consumers served this variation in the window and no other legacy one: they start (or stop) counting as on legacy.</param>
/// <param name="EvaluationsChanging">Evaluations of this variation in the window, which move into (or out of) the legacy share.</param>
/// <param name="Plans">Titles of this flag's open plans, whose retired behaviour follows the flag's legacy marks.</param>
/// <param name="OpenCampaigns">Draft or scheduled campaigns of those plans, whose audience follows the marks.</param>
/// <param name="Refusal">Why the change is not allowed, or null.</param>
public sealed record LegacyMarkImpact(
    string FlagKey,
    string VariationLabel,
    bool IsLegacy,
    int WindowDays,
    int ConsumersChanging,
    long EvaluationsChanging,
    IReadOnlyList<string> Plans,
    int OpenCampaigns,
    string? Refusal);
