using Dashboard.Analytics;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Options;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Dashboard.Timelines;
using Dashboard.Versions;
using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Unit.Notifications;

/// <summary>
/// The notification services over a real SQLite file in a temp folder, with a fake clock. Builders add an environment,
/// a flag, a plan and consumers whose rollups say whether they still get the retired variation. Services that ask who is
/// signed in see a Notifier until a test calls <see cref="SignInAs"/>; warnings and errors logged are kept in <see cref="Logs"/>.
/// </summary>
public sealed class NotificationTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase database;
    private readonly ServiceProvider services;
    private ClaimsPrincipal user = Principal("notifier@example.com", DashboardRoles.Notifier);

    private NotificationTestHost(
        TestDatabase database, Action<NotificationOptions>? configureNotifications, Action<MailOptions>? configureMail, Action<AnalyticsOptions>? configureAnalytics)
    {
        this.database = database;
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(new CapturingLoggerProvider(Logs)));
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton(database.Factory);
        collection.AddDataProtection().SetApplicationName("sundial-tests").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(database.FolderPath, "keys")));
        collection.AddOptions<NotificationOptions>().Configure(o => configureNotifications?.Invoke(o));
        collection.AddOptions<MailOptions>().Configure(o =>
        {
            o.RetryDelay = TimeSpan.FromMinutes(1);
            configureMail?.Invoke(o);
        });
        collection.AddSingleton<AuditLog>();
        collection.AddOptions<AnalyticsOptions>().Configure(o => configureAnalytics?.Invoke(o));
        collection.AddSingleton<LegacyUsage>();
        collection.AddScoped<AffectedConsumerQueries>();
        collection.AddDashboardAuthorization();
        collection.AddScoped<AuthenticationStateProvider>(_ => new SignedInUser(user));
        collection.AddScoped<CurrentUser>();
        collection.AddNotificationServices();
        services = collection.BuildServiceProvider();
    }

    public FakeTimeProvider Clock => database.Time;

    /// <summary>Warnings and errors logged by the services, formatted.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public IDbContextFactory<DashboardDbContext> DbFactory => services.GetRequiredService<IDbContextFactory<DashboardDbContext>>();

    public static async Task<NotificationTestHost> CreateAsync(
        Action<NotificationOptions>? configureNotifications = null, Action<MailOptions>? configureMail = null, Action<AnalyticsOptions>? configureAnalytics = null)
    {
        var host = new NotificationTestHost(await TestDatabase.CreateAsync(Start), configureNotifications, configureMail, configureAnalytics);
        await host.Get<NotificationTemplateSeeder>().SeedMissingAsync();
        return host;
    }

    /// <summary>Services resolved after this call see <paramref name="userName"/> signed in with <paramref name="role"/>.</summary>
    public void SignInAs(string userName, string role) => user = Principal(userName, role);

    public T Get<T>()
        where T : notnull => services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<int> TemplateIdAsync(string key)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.NotificationTemplates.Where(t => t.Key == key).Select(t => t.Id).SingleAsync();
    }

    /// <summary>An environment, a flag whose variation 0 is legacy, and an announced plan retiring it at <paramref name="sunsetAt"/>.</summary>
    public async Task<TestPlan> AddPlanAsync(DateTime sunsetAt, string? apiVersionBelow = null)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var environment = new DashboardEnvironment { Key = "env-" + Guid.NewGuid().ToString("N")[..8], Name = "Test", CreatedAt = Now };
        var flag = new Flag
        {
            Key = "use-new-format", Name = "New response format", Environment = environment, CreatedAt = Now,
            Variations = [new FlagVariation { Index = 0, ValueJson = "false", Name = "Legacy", IsLegacy = true }, new FlagVariation { Index = 1, ValueJson = "true", Name = "New" }],
        };
        db.Flags.Add(flag);
        await db.SaveChangesAsync();
        var plan = new DeprecationPlan
        {
            EnvironmentId = environment.Id,
            FlagId = flag.Id,
            Title = "Retire the v1 format",
            ApiVersionBelow = apiVersionBelow,
            AnnounceAt = Now.AddDays(-1),
            DeprecationAt = Now,
            SunsetAt = sunsetAt,
            MigrationGuideUrl = "https://docs.example.com/migrate",
            Status = PlanStatus.Announced,
            CreatedAt = Now,
            UpdatedAt = Now,
        };
        db.DeprecationPlans.Add(plan);
        await db.SaveChangesAsync();
        return new TestPlan(environment.Id, flag.Id, plan.Id);
    }

    /// <summary>A consumer with contacts and hourly rollups: <paramref name="variation"/> served <paramref name="hoursAgo"/> hours ago.</summary>
    public async Task<int> AddConsumerAsync(TestPlan plan, string key, int variation, double hoursAgo, string apiVersion = "1.2.0", string? tier = null, params string[] contactEmails)
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var consumer = new Consumer
        {
            EnvironmentId = plan.EnvironmentId,
            Key = key,
            DisplayName = key.ToUpperInvariant(),
            Tier = tier,
            Contacts = contactEmails.Select(e => new Contact { Email = e, Name = "Contact " + e.Split('@')[0], CreatedAt = Now }).ToList(),
        };
        db.Consumers.Add(consumer);
        await db.SaveChangesAsync();
        var hour = Clock.GetUtcNow().AddHours(-hoursAgo).ToUnixTimeSeconds() / 3600 * 3600;
        var version = VersionReader.Read(apiVersion, VersionScheme.SemVer);
        db.EvaluationRollups.Add(new EvaluationRollup
        {
            EnvironmentId = plan.EnvironmentId,
            FlagId = plan.FlagId,
            ConsumerId = consumer.Id,
            ApiVersion = apiVersion,
            ApiVersionStatus = version.Status,
            ApiVersionSortKey = version.SortKey,
            ClientType = "web",
            VariationIndex = variation,
            HourStart = hour,
            Count = 42,
        });
        await db.SaveChangesAsync();
        return consumer.Id;
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await database.DisposeAsync();
    }

    private static ClaimsPrincipal Principal(string userName, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName), new Claim(ClaimTypes.Role, role)], "test"));

    private sealed class SignedInUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(logs);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(ConcurrentQueue<string> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
