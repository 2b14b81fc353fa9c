using Dashboard.Options;
using Microsoft.Extensions.Options;

namespace Dashboard.Notifications;

/// <summary>Creates the configured transport: SMTP, or the pickup directory (the default in Development).</summary>
public sealed class MailTransportFactory(IOptions<MailOptions> options, IHostEnvironment environment)
{
    public MailTransportKind Kind => MailOptionsValidator.EffectiveTransport(options.Value, environment);

    public string PickupDirectory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.PickupDirectory));

    public IMailTransport Create() => Kind == MailTransportKind.Pickup
        ? new PickupDirectoryMailTransport(PickupDirectory)
        : new SmtpMailTransport(options.Value);
}
