using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Auditing;
using Dashboard.Data;
using Dashboard.Data.Entities;
using Dashboard.Notifications;
using Dashboard.Options;
using Dashboard.Timelines;
using Dashboard.Versions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Measures (1) creating a campaign for N recipients (audience, rendering, one transaction) and (2) dispatcher throughput
// to a real local SMTP server (Debian's aiosmtpd), on a fresh SQLite file. Usage: dotnet run -c Release -- [recipients] [messagesToSend]
var recipients = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var toSend = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : recipients;
var directory = Directory.CreateTempSubdirectory("sundial-mailbench-").FullName;
var smtpPort = FreePort();
using var smtp = Process.Start(new ProcessStartInfo("/usr/bin/python3", $"-m aiosmtpd -n -c aiosmtpd.handlers.Sink -l 127.0.0.1:{smtpPort}") { RedirectStandardOutput = true, RedirectStandardError = true })
    ?? throw new InvalidOperationException("Cannot start aiosmtpd (apt-get install python3-aiosmtpd).");
try
{
    var services = new ServiceCollection()
        .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
        .AddSingleton(TimeProvider.System)
        .AddDbContextFactory<DashboardDbContext>(options => options.UseSqlite($"Data Source={Path.Combine(directory, "bench.db")}"))
        .AddSingleton<AuditLog>()
        .AddScoped<AffectedConsumerQueries>()
        .AddNotificationServices();
    services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(directory, "keys")));
    services.AddOptions<NotificationOptions>();
    services.AddOptions<MailOptions>().Configure(o => { o.Host = "127.0.0.1"; o.Port = smtpPort; o.Security = MailSecurity.None; o.BatchSize = 200; });
    await using var provider = services.BuildServiceProvider();

    var dbFactory = provider.GetRequiredService<IDbContextFactory<DashboardDbContext>>();
    var planId = await SeedAsync(dbFactory, recipients);
    await provider.GetRequiredService<NotificationTemplateSeeder>().SeedMissingAsync();
    int templateId;
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        templateId = await db.NotificationTemplates.Where(t => t.Key == DefaultTemplates.AnnouncementKey).Select(t => t.Id).SingleAsync();
    }

    using (var scope = provider.CreateScope())
    {
        // Warm-up on a tiny filter so the timing below is not EF's first-query compilation.
        await scope.ServiceProvider.GetRequiredService<CampaignService>().PreviewAsync(new CampaignDraft(planId, templateId, "warm-up", new AudienceFilter { Tiers = ["none"] }));
    }

    var audienceTime = Stopwatch.StartNew();
    using (var scope = provider.CreateScope())
    {
        var audience = await scope.ServiceProvider.GetRequiredService<CampaignAudience>().ResolveAsync(planId, new AudienceFilter(), false);
        Console.WriteLine($"Audience alone: {audience!.Recipients.Count} recipients in {audienceTime.Elapsed.TotalSeconds:F2} s");
    }

    var parts = Stopwatch.StartNew();
    var tokens = provider.GetRequiredService<UnsubscribeTokens>();
    for (var i = 0; i < recipients; i++)
    {
        tokens.CreateUrl(i, planId, "someone@example.com");
    }

    Console.WriteLine($"Tokens: {parts.Elapsed.TotalSeconds:F2} s");
    parts.Restart();
    var renderer = provider.GetRequiredService<TemplateRenderer>();
    var template = DefaultTemplates.Create(DateTime.UtcNow)[0];
    var compiled = TemplateRenderer.Compile(CampaignService.SourceOf(template)).Template!;
    for (var i = 0; i < recipients; i++)
    {
        renderer.Render(compiled, TemplateModelFactory.Sample(DateTime.UtcNow));
    }

    Console.WriteLine($"Render: {parts.Elapsed.TotalSeconds:F2} s");
    var created = Stopwatch.StartNew();
    using (var scope = provider.CreateScope())
    {
        await scope.ServiceProvider.GetRequiredService<CampaignService>().CreateAsync(new CampaignDraft(planId, templateId, "Bench", new AudienceFilter()), "bench");
    }

    created.Stop();
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        Console.WriteLine($"Campaign created: {await db.OutboxMessages.CountAsync()} outbox messages in {created.Elapsed.TotalSeconds:F2} s");
    }

    await WaitForPortAsync(smtpPort);
    var dispatcher = provider.GetRequiredService<OutboxDispatcher>();
    await using var transport = new SmtpMailTransport(provider.GetRequiredService<IOptions<MailOptions>>().Value);
    var sent = 0;
    var dispatching = Stopwatch.StartNew();
    while (sent < toSend)
    {
        var leased = await dispatcher.RunOnceAsync(transport, null, CancellationToken.None);
        if (leased == 0)
        {
            break;
        }

        sent += leased;
    }

    dispatching.Stop();
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        var delivered = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent);
        Console.WriteLine($"Dispatcher: {delivered} messages accepted by aiosmtpd in {dispatching.Elapsed.TotalSeconds:F2} s = {delivered / dispatching.Elapsed.TotalSeconds:F0} messages/s (no rate limit)");
    }
}
finally
{
    smtp.Kill();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(directory, recursive: true);
}

static async Task<int> SeedAsync(IDbContextFactory<DashboardDbContext> dbFactory, int consumers)
{
    await using var db = await dbFactory.CreateDbContextAsync();
    await db.Database.MigrateAsync();
    var now = DateTime.UtcNow;
    var environment = new DashboardEnvironment { Key = "bench", Name = "Bench", CreatedAt = now };
    // A plan retires its flag's legacy variations: variation 0 is legacy, 1 replaces it.
    var flag = new Flag
    {
        Key = "use-new-format", Name = "New response format", Environment = environment, CreatedAt = now,
        Variations = [new FlagVariation { Index = 0, ValueJson = "false", Name = "v1 format", IsLegacy = true }, new FlagVariation { Index = 1, ValueJson = "true", Name = "v2 format" }],
    };
    db.Flags.Add(flag);
    await db.SaveChangesAsync();
    var plan = new DeprecationPlan { EnvironmentId = environment.Id, FlagId = flag.Id, Title = "Retire v1", DeprecationAt = now, SunsetAt = now.AddDays(30), Status = PlanStatus.Announced, CreatedAt = now, UpdatedAt = now, MigrationGuideUrl = "https://docs.example.com/migrate" };
    db.DeprecationPlans.Add(plan);
    var created = Enumerable.Range(0, consumers).Select(i =>
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"consumer-{i:D5}");
        return new Consumer { EnvironmentId = environment.Id, Key = key, DisplayName = "Consumer " + i, Contacts = [new Contact { Email = key + "@example.com", Name = "Ops " + i, CreatedAt = now }] };
    }).ToList();
    db.Consumers.AddRange(created);
    await db.SaveChangesAsync();
    var version = VersionReader.Read("1.4.2", VersionScheme.SemVer);
    var hour = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds() / 3600 * 3600;
    db.EvaluationRollups.AddRange(created.Select((c, i) => new EvaluationRollup { EnvironmentId = environment.Id, FlagId = flag.Id, ConsumerId = c.Id, ApiVersion = version.Value, ApiVersionStatus = version.Status, ApiVersionSortKey = version.SortKey, ClientType = "web", VariationIndex = 0, HourStart = hour, Count = 100 + i }));
    await db.SaveChangesAsync();
    return plan.Id;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForPortAsync(int port)
{
    for (var attempt = 0; attempt < 100; attempt++)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return;
        }
        catch (SocketException)
        {
            await Task.Delay(100);
        }
    }

    throw new InvalidOperationException("aiosmtpd did not start listening.");
}
