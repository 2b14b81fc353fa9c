using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class DashboardEnvironmentConfiguration : IEntityTypeConfiguration<DashboardEnvironment>
{
    public void Configure(EntityTypeBuilder<DashboardEnvironment> builder)
    {
        builder.ToTable("Environments");
        builder.HasIndex(e => e.Key).IsUnique();
        builder.Property(e => e.Key).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(128);
        builder.Property(e => e.ApiVersionScheme).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ClientVersionScheme).HasConversion<string>().HasMaxLength(16);
        builder.OwnsOne(e => e.ConsumerMapping, mapping => mapping.ToJson());
    }
}
