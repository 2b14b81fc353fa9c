namespace Dashboard.Analytics;

/// <summary>A plan's flag and the scope its retirement covers.</summary>
public sealed record PlanScope(int FlagId, LegacyScope Scope);
