using System.ComponentModel.DataAnnotations;

namespace Dashboard.Components.Pages.Account;

/// <summary>The first-admin form. Identity's password rules apply on top of these checks.</summary>
public sealed class SetupModel
{
    [Required(ErrorMessage = "Email is required.")]
    [EmailAddress(ErrorMessage = "Email must be a valid address, like ada@example.com.")]
    [StringLength(256, ErrorMessage = "Email must be at most 256 characters.")]
    public string Email { get; set; } = "";

    [StringLength(100, ErrorMessage = "Display name must be at most 100 characters.")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Password is required.")]
    [StringLength(128, MinimumLength = 12, ErrorMessage = "Password must be at least 12 characters long.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}
