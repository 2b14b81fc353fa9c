using Dashboard;
using Dashboard.Database;

var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(args));
builder.AddDashboardServices();

var app = builder.Build();
if (!await DatabaseInitializer.TryInitializeAsync(app.Services))
{
    // Disposing flushes the console logger's queue, so the line that names the problem is not lost on exit.
    await app.DisposeAsync();
    return 1;
}

await app.PrepareDashboardAsync();
app.UseDashboardPipeline();
app.MapDashboardEndpoints();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
