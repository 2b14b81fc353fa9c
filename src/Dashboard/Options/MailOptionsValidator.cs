using Dashboard.Notifications;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Dashboard.Options;

/// <summary>Rules that span several mail settings; single-field rules are data annotations on <see cref="MailOptions"/>.</summary>
internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        var failures = new List<string>();
        // Only an explicit choice of SMTP demands a host: an unconfigured production install keeps its mail pending
        // (shown on Settings → Mail) instead of refusing to start.
        if (options.Transport == MailTransportKind.Smtp && string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("Mail:Host must be set when Mail:Transport is Smtp.");
        }

        if (string.IsNullOrWhiteSpace(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            failures.Add("Mail:UserName and Mail:Password must be set together.");
        }

        if (!MailboxAddress.TryParse(options.FromAddress, out _))
        {
            failures.Add("Mail:FromAddress is not a valid mailbox address.");
        }

        if (options.MaxRetryDelay < options.RetryDelay)
        {
            failures.Add("Mail:MaxRetryDelay must not be shorter than Mail:RetryDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static MailTransportKind EffectiveTransport(MailOptions options, IHostEnvironment environment) =>
        options.Transport ?? (environment.IsDevelopment() ? MailTransportKind.Pickup : MailTransportKind.Smtp);
}
