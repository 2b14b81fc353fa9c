using System.ComponentModel.DataAnnotations;

namespace Dashboard.Validation;

/// <summary>Options validation with the same URL rule as every form and API (<see cref="HttpUrl"/>); null is left to <c>[Required]</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HttpUrlAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string text => HttpUrl.IsValid(text),
        Uri uri => HttpUrl.IsValid(uri.OriginalString),
        _ => false,
    };
}
