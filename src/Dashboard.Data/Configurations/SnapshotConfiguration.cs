using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class SnapshotConfiguration : IEntityTypeConfiguration<FlagSnapshot>, IEntityTypeConfiguration<SegmentSnapshot>
{
    public void Configure(EntityTypeBuilder<FlagSnapshot> builder)
    {
        builder.HasIndex(s => new { s.EnvironmentId, s.FlagKey, s.SyncedAt });
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(s => s.EnvironmentId);
    }

    public void Configure(EntityTypeBuilder<SegmentSnapshot> builder)
    {
        builder.HasIndex(s => new { s.EnvironmentId, s.SegmentKey, s.SyncedAt });
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(s => s.EnvironmentId);
    }
}
