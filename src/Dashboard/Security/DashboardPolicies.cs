namespace Dashboard.Security;

/// <summary>Names of the authorization policies that every page and endpoint declares.</summary>
public static class DashboardPolicies
{
    /// <summary>Any signed-in user with a role.</summary>
    public const string View = "View";

    /// <summary>Change flags, consumers and plans.</summary>
    public const string Edit = "Edit";

    /// <summary>Manage templates and campaigns.</summary>
    public const string Notify = "Notify";

    /// <summary>Users, keys and settings.</summary>
    public const string Administer = "Administer";

    public const string IngestScope = "Scope.Ingest";
    public const string PolicyScope = "Scope.Policy";
    public const string ReadScope = "Scope.Read";
    public const string ManageScope = "Scope.Manage";
}
