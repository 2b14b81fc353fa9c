using Microsoft.AspNetCore.Identity;

namespace Dashboard.Data.Entities;

/// <summary>A person who signs in to Sundial.</summary>
public sealed class DashboardUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>Disabled users keep their history but cannot sign in.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}
