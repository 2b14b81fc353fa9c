namespace Dashboard.Data.Entities;

/// <summary>Whether a recorded version value was present and readable under its dimension's scheme.</summary>
public enum VersionStatus
{
    Valid = 0,
    Missing = 1,
    Invalid = 2,
}
