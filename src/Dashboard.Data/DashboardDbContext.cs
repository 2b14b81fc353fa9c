using Dashboard.Data.Entities;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Data;

/// <summary>Sundial's database: product tables plus ASP.NET Core Identity.</summary>
public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : IdentityDbContext<DashboardUser>(options)
{
    public DbSet<DashboardEnvironment> Environments => Set<DashboardEnvironment>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<SdkKey> SdkKeys => Set<SdkKey>();

    public DbSet<Flag> Flags => Set<Flag>();

    public DbSet<FlagVariation> FlagVariations => Set<FlagVariation>();

    public DbSet<FlagSnapshot> FlagSnapshots => Set<FlagSnapshot>();

    public DbSet<SegmentSnapshot> SegmentSnapshots => Set<SegmentSnapshot>();

    public DbSet<Consumer> Consumers => Set<Consumer>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<EvaluationRollup> EvaluationRollups => Set<EvaluationRollup>();

    public DbSet<ConsumerFlagState> ConsumerFlagStates => Set<ConsumerFlagState>();

    public DbSet<IngestBatch> IngestBatches => Set<IngestBatch>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<DeprecationPlan> DeprecationPlans => Set<DeprecationPlan>();

    public DbSet<BrownoutWindow> BrownoutWindows => Set<BrownoutWindow>();

    public DbSet<ConsumerExtension> ConsumerExtensions => Set<ConsumerExtension>();

    public DbSet<NotificationTemplate> NotificationTemplates => Set<NotificationTemplate>();

    public DbSet<Campaign> Campaigns => Set<Campaign>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Suppression> Suppressions => Set<Suppression>();

    public DbSet<LaunchDarklyConnection> LaunchDarklyConnections => Set<LaunchDarklyConnection>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is stored and read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
