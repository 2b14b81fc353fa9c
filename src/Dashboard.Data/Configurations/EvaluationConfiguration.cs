using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class EvaluationConfiguration : IEntityTypeConfiguration<EvaluationRollup>, IEntityTypeConfiguration<ConsumerFlagState>
{
    public void Configure(EntityTypeBuilder<EvaluationRollup> builder)
    {
        // The ingest writer upserts on exactly this key.
        builder.HasIndex(r => new
        {
            r.EnvironmentId, r.FlagId, r.ConsumerId, r.ApiVersion, r.ClientType, r.ClientVersion, r.VariationIndex, r.HourStart,
        }).IsUnique();
        builder.HasIndex(r => new { r.EnvironmentId, r.HourStart });
        // Adoption charts read one flag's hours and only these columns; covering them spares a table lookup per row
        // (measured in bench/README-analytics.md). It also serves every FlagId / FlagId+HourStart lookup.
        builder.HasIndex(r => new { r.FlagId, r.HourStart, r.VariationIndex, r.ApiVersionStatus, r.ApiVersionSortKey, r.ApiVersion, r.Count })
            .HasDatabaseName("IX_EvaluationRollups_Adoption");
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(r => r.EnvironmentId);
        builder.HasOne<Flag>().WithMany().HasForeignKey(r => r.FlagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Consumer>().WithMany().HasForeignKey(r => r.ConsumerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ConsumerFlagState> builder)
    {
        builder.HasIndex(s => new { s.EnvironmentId, s.FlagId, s.ConsumerId, s.ApiVersion, s.ClientType }).IsUnique();
        builder.HasIndex(s => new { s.FlagId, s.VariationIndex, s.LastSeenAt });
        builder.HasOne<DashboardEnvironment>().WithMany().HasForeignKey(s => s.EnvironmentId);
        builder.HasOne<Flag>().WithMany().HasForeignKey(s => s.FlagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Consumer>().WithMany().HasForeignKey(s => s.ConsumerId).OnDelete(DeleteBehavior.Cascade);
    }
}
