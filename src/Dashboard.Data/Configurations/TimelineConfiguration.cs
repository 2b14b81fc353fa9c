using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class TimelineConfiguration :
    IEntityTypeConfiguration<DeprecationPlan>, IEntityTypeConfiguration<BrownoutWindow>, IEntityTypeConfiguration<ConsumerExtension>
{
    public void Configure(EntityTypeBuilder<DeprecationPlan> builder)
    {
        builder.HasIndex(p => new { p.FlagId, p.Status });
        builder.HasIndex(p => p.SunsetAt);
        builder.Property(p => p.Title).HasMaxLength(200);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(p => p.EnvironmentId);
        builder.HasOne(p => p.Flag).WithMany().HasForeignKey(p => p.FlagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Brownouts).WithOne().HasForeignKey(b => b.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Extensions).WithOne().HasForeignKey(e => e.PlanId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<BrownoutWindow> builder) => builder.HasIndex(b => new { b.PlanId, b.StartsAt });

    public void Configure(EntityTypeBuilder<ConsumerExtension> builder)
    {
        builder.HasIndex(e => new { e.PlanId, e.ConsumerId }).IsUnique();
        builder.HasOne(e => e.Consumer).WithMany().HasForeignKey(e => e.ConsumerId).OnDelete(DeleteBehavior.Cascade);
    }
}
