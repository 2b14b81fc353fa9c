using Dashboard.Data;
using Dashboard.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// The whole app in-process on its own SQLite file (in a temp folder), in Development but without the demo seed, so tests
/// start from an installation with only the default environment and no users.
/// </summary>
public sealed class SundialWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly string folder = TestDatabase.CreateEmptyFolder();

    public string DatabasePath => Path.Combine(folder, "sundial.db");

    /// <summary>A client that does not follow redirects and keeps cookies, so tests see each 302 and stay signed in.</summary>
    public HttpClient CreateBrowserLikeClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a user through the app's own user administration, as an admin would in Settings → Users.</summary>
    public async Task CreateUserAsync(string email, string password, params string[] roles)
    {
        var problems = await AdministerUsersAsync(users => users.CreateAsync("test-setup", email, null, password, roles));
        Assert.Empty(problems);
    }

    /// <summary>Calls <see cref="UserAdministration"/> in its own scope, as one request or circuit would.</summary>
    public async Task<T> AdministerUsersAsync<T>(Func<UserAdministration, Task<T>> call)
    {
        await using var scope = Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    public async Task<T> QueryAsync<T>(Func<DashboardDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Enabled", "false");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
