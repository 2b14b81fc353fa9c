using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class FlagConfiguration : IEntityTypeConfiguration<Flag>
{
    public void Configure(EntityTypeBuilder<Flag> builder)
    {
        builder.HasIndex(f => new { f.EnvironmentId, f.Key }).IsUnique();
        builder.Property(f => f.Key).HasMaxLength(256);
        builder.Property(f => f.Name).HasMaxLength(256);
        builder.Property(f => f.Source).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(f => f.Environment).WithMany().HasForeignKey(f => f.EnvironmentId);
        builder.HasMany(f => f.Variations).WithOne().HasForeignKey(v => v.FlagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FlagVariationConfiguration : IEntityTypeConfiguration<FlagVariation>
{
    public void Configure(EntityTypeBuilder<FlagVariation> builder)
    {
        // Rollups reference variations by (flag, index); legacy marks join on it.
        builder.HasKey(v => new { v.FlagId, v.Index });
        builder.Property(v => v.Index).ValueGeneratedNever();
    }
}
