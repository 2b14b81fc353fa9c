using MimeKit;

namespace Dashboard.Notifications;

/// <summary>Development transport: each message becomes an <c>.eml</c> file named after its Message-ID (a resend overwrites it).</summary>
public sealed class PickupDirectoryMailTransport(string directory) : IMailTransport
{
    public string Description => $"Pickup directory {directory}";

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '@' ? c : '_'));
        var path = Path.Combine(directory, name + ".eml");
        var temporary = path + ".tmp";
        await message.WriteToAsync(temporary, cancellationToken);
        // Readers of the folder never see a half-written file.
        File.Move(temporary, path, overwrite: true);
    }

    public Task DisconnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
