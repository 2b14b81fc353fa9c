using System.ComponentModel.DataAnnotations;
using Dashboard.Analytics;

namespace Dashboard.Components.Pages.Account;

public sealed class LoginModel
{
    [Required(ErrorMessage = "Email is required.")]
    [EmailAddress(ErrorMessage = "Email must be a valid address, like ada@example.com.")]
    [StringLength(ContactValidation.MaxEmailLength, ErrorMessage = "Email must be at most 320 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Password is required.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public bool RememberMe { get; set; }
}
