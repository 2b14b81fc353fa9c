namespace Dashboard.Analytics;

/// <summary>One data line of an import file: its line number, values by column, what committing would do, and what is wrong with it.</summary>
public sealed record ImportRow(int Line, IReadOnlyDictionary<string, string> Values, ImportAction Action, IReadOnlyList<string> Errors);
