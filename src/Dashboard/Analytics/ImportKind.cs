namespace Dashboard.Analytics;

/// <summary>What a CSV import file holds.</summary>
public enum ImportKind
{
    /// <summary>Columns: key, displayName, organisation, tier, owner, tags (separated by <c>;</c>).</summary>
    Consumers,

    /// <summary>Columns: consumerKey, email, name, role.</summary>
    Contacts,
}
