using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Unit.Timelines;

/// <summary>The whole app over its HTTP pipeline on a fresh SQLite file; tests add their rows through <see cref="Database"/>.</summary>
public sealed class TimelinesApiFactory : WebApplicationFactory<Program>
{
    public TimelineDatabase Database { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Dashboard", Database.ConnectionString);
        builder.UseSetting("Demo:Enabled", "false");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Database.Dispose();
        }
    }
}
