namespace Dashboard.FlagData;

/// <summary>One difference between two versions of a flag: where (e.g. <c>rules[0].clauses[0].values</c>) and the JSON before and after (null when absent).</summary>
public sealed record FlagChange(string Path, string? Before, string? After);
