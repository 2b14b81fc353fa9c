using Dashboard;
using Dashboard.Database;

var builder = WebApplication.CreateBuilder(args);
builder.AddDashboardServices();

var app = builder.Build();
if (!await DatabaseInitializer.TryInitializeAsync(app.Services))
{
    return 1;
}

await app.PrepareDashboardAsync();
app.UseDashboardPipeline();
app.MapDashboardEndpoints();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
