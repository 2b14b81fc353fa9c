namespace Dashboard.Analytics;

/// <summary>What committing an import row does.</summary>
public enum ImportAction
{
    Create,
    Update,
}
