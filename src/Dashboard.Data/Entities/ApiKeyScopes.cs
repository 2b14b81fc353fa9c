namespace Dashboard.Data.Entities;

/// <summary>What an API key may do. Stored as a bit set.</summary>
[Flags]
public enum ApiKeyScopes
{
    None = 0,
    Ingest = 1,
    Policy = 2,
    Read = 4,
    Manage = 8,
    All = Ingest | Policy | Read | Manage,
}
