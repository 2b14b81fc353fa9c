using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Security;

public static partial class SetupHintLogging
{
    /// <summary>While no user exists, logs where to create the first admin and the one-time token for remote setup.</summary>
    public static async Task LogSetupHintAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<FirstAdminSetup>().IsCompleteAsync())
        {
            return;
        }

        var token = app.Services.GetRequiredService<SetupToken>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard.Setup");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
            LogSetupHint(logger, address, token);
        });
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "No users yet: create the first admin at {Address}/setup from this machine, or at {Address}/setup?token={Token} from elsewhere.")]
    private static partial void LogSetupHint(ILogger logger, string address, string token);
}
