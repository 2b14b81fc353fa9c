namespace Dashboard.Security;

/// <summary>The roles a user can hold. Admin includes every other role's rights.</summary>
public static class DashboardRoles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";
    public const string Notifier = "Notifier";
    public const string Viewer = "Viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Editor, Notifier, Viewer];
}
