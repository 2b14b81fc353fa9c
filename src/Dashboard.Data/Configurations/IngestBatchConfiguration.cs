using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class IngestBatchConfiguration : IEntityTypeConfiguration<IngestBatch>
{
    public void Configure(EntityTypeBuilder<IngestBatch> builder)
    {
        builder.HasIndex(b => new { b.EnvironmentId, b.IdempotencyKey }).IsUnique();
        builder.HasIndex(b => b.ReceivedAt);
        builder.HasIndex(b => b.JournalId);
        builder.Property(b => b.IdempotencyKey).HasMaxLength(256);
        builder.Property(b => b.Origin).HasMaxLength(16);
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(b => b.EnvironmentId);
    }
}
