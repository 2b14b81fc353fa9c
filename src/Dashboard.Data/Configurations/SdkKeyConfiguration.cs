using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class SdkKeyConfiguration : IEntityTypeConfiguration<SdkKey>
{
    public void Configure(EntityTypeBuilder<SdkKey> builder)
    {
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(128);
        builder.Property(k => k.Suffix).HasMaxLength(8);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.HasOne(k => k.Environment).WithMany().HasForeignKey(k => k.EnvironmentId);
    }
}
