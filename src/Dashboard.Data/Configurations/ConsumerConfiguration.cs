using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class ConsumerConfiguration : IEntityTypeConfiguration<Consumer>, IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Consumer> builder)
    {
        builder.HasIndex(c => new { c.EnvironmentId, c.Key }).IsUnique();
        builder.Property(c => c.Key).HasMaxLength(256);
        builder.Property(c => c.DisplayName).HasMaxLength(256);
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(c => c.EnvironmentId);
        builder.HasMany(c => c.Contacts).WithOne(c => c.Consumer).HasForeignKey(c => c.ConsumerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.HasIndex(c => new { c.ConsumerId, c.Email }).IsUnique();
        builder.Property(c => c.Email).HasMaxLength(320);
    }
}
