using Dashboard.Data;
using Dashboard.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Dashboard.Database;

public static class DatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "Dashboard";

    /// <summary>SQLite from <c>ConnectionStrings:Dashboard</c>; a relative file path is resolved against the content root.</summary>
    public static WebApplicationBuilder AddDashboardDatabase(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set; it must name the SQLite database file, e.g. 'Data Source=App_Data/sundial.db'.");
        var connectionString = ResolveConnectionString(configured, builder.Environment.ContentRootPath);
        var databaseFile = new SqliteConnectionStringBuilder(connectionString).DataSource;
        builder.Services.AddSingleton(new DatabaseLocation(databaseFile));
        // Keys that protect stored secrets and unsubscribe links live next to the data they protect, so both move together.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Sundial");
        if (Path.GetDirectoryName(databaseFile) is { Length: > 0 } databaseFolder)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(databaseFolder, "keys")));
        }

        builder.Services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddDbContextFactory<DashboardDbContext>((services, options) =>
            options.UseDashboardSqlite(connectionString, services.GetRequiredService<IOptions<DatabaseOptions>>().Value.BusyTimeout));
        builder.Services.AddHealthChecks().AddDbContextCheck<DashboardDbContext>("database");
        return builder;
    }

    /// <summary>SQLite with the app's pragmas, and writes that give up after <paramref name="busyTimeout"/> when another writer holds the lock.</summary>
    internal static T UseDashboardSqlite<T>(this T options, string connectionString, TimeSpan busyTimeout)
        where T : DbContextOptionsBuilder
    {
        // Microsoft.Data.Sqlite retries a busy statement until the command timeout (30 s by default): both bounds follow the option.
        options
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout((int)Math.Ceiling(busyTimeout.TotalSeconds)))
            .AddInterceptors(new SqlitePragmaInterceptor(busyTimeout));
        return options;
    }

    internal static string ResolveConnectionString(string connectionString, string contentRoot)
    {
        var parsed = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(parsed.DataSource) && parsed.DataSource != ":memory:" && !Path.IsPathRooted(parsed.DataSource))
        {
            parsed.DataSource = Path.GetFullPath(Path.Combine(contentRoot, parsed.DataSource));
        }

        return parsed.ToString();
    }
}
