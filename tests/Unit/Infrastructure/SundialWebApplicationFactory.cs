using System.Net;
using Dashboard.Data;
using Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Infrastructure;

/// <summary>
/// The whole app in-process on its own SQLite file (in a temp folder), in Development but without the demo seed, so tests
/// start from an installation with only the default environment and no users. Another environment, extra settings, or
/// the database folder of an earlier factory (a restart on the same data) can be given.
/// </summary>
public sealed class SundialWebApplicationFactory : WebApplicationFactory<Program>
{
    private readonly string environment;
    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string? databaseFolder;

    /// <summary>A Development installation on its own new database (the one public constructor, as xUnit's class fixtures need).</summary>
    public SundialWebApplicationFactory()
        : this("Development")
    {
    }

    internal SundialWebApplicationFactory(string environment, IReadOnlyDictionary<string, string?>? settings = null, string? databaseFolder = null)
    {
        this.environment = environment;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.databaseFolder = databaseFolder;
        folder = databaseFolder ?? TestDatabase.CreateEmptyFolder();
    }

    /// <summary>Test-only request header that sets the connection's remote address (the test server has none).</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private readonly string folder;

    public string DatabaseFolder => folder;

    public string DatabasePath => Path.Combine(folder, "sundial.db");

    /// <summary>
    /// A client that does not follow redirects and keeps cookies, so tests see each 302 and stay signed in; with
    /// <paramref name="remoteAddress"/> its requests arrive from that address, as from a browser on another machine.
    /// </summary>
    public HttpClient CreateBrowserLikeClient(string? remoteAddress = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (remoteAddress is not null)
        {
            client.DefaultRequestHeaders.Add(RemoteAddressHeader, remoteAddress);
        }

        return client;
    }

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
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Dashboard", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Enabled", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFromHeader>());
    }

    /// <summary>Runs before the app's pipeline, like the connection itself, so forwarded-header handling sees the address.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.Remove(RemoteAddressHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (databaseFolder is not null)
        {
            // The folder belongs to the factory that created it.
            return;
        }

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
