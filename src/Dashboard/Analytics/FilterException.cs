namespace Dashboard.Analytics;

/// <summary>A filter value that cannot be applied, naming the field, so pages and APIs can say what to fix.</summary>
public sealed class FilterException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
