using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class LaunchDarklyConnectionConfiguration : IEntityTypeConfiguration<LaunchDarklyConnection>
{
    public void Configure(EntityTypeBuilder<LaunchDarklyConnection> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.ProjectKey).HasMaxLength(256);
        builder.Property(c => c.LastSyncSummary).HasMaxLength(4000);
    }
}
