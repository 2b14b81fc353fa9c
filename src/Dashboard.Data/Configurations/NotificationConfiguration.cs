using Dashboard.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Data.Configurations;

internal sealed class NotificationConfiguration :
    IEntityTypeConfiguration<NotificationTemplate>, IEntityTypeConfiguration<Campaign>, IEntityTypeConfiguration<OutboxMessage>, IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<NotificationTemplate> builder)
    {
        builder.HasIndex(t => t.Key).IsUnique();
        builder.Property(t => t.Key).HasMaxLength(64);
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
    }

    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.HasIndex(c => new { c.Status, c.ScheduledAt });
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne(c => c.Plan).WithMany().HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Template).WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsOne(c => c.Audience, audience => audience.ToJson());
    }

    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.HasIndex(m => m.MessageId).IsUnique();
        // The dispatcher's scan: due pending rows and expired leases.
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.CampaignId, m.Status });
        builder.HasIndex(m => new { m.PlanId, m.ConsumerId, m.ContactId, m.Stage }).IsUnique();
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(m => m.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DeprecationPlan>().WithMany().HasForeignKey(m => m.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Consumer>().WithMany().HasForeignKey(m => m.ConsumerId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Suppression> builder)
    {
        builder.HasIndex(s => new { s.Email, s.PlanId }).IsUnique();
        builder.Property(s => s.Email).HasMaxLength(320);
    }
}
