using Dashboard.Analytics;
using Dashboard.Data.Entities;
using Dashboard.Security;
using Dashboard.Tests.Unit.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Unit.Analytics;

/// <summary>The legacy-mark service as the flag page uses it: impact preview, refusals and audit, for the signed-in user.</summary>
public sealed class FlagLegacyMarksTests : SundialComponentTest
{
    private FlagLegacyMarks Marks => Services.GetRequiredService<FlagLegacyMarks>();

    [Fact]
    public async Task Preview_CountsConsumersWhoseLegacyStatusChanges_OpenPlansAndTheirOpenCampaigns()
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var environment = data.Environment("production", isDefault: true);
        var flag = data.Flag(environment, "format", legacyVariations: [2], variationCount: 3);
        var onlyV1 = data.Consumer(environment, "acme");
        var alsoLegacy = data.Consumer(environment, "globex");
        var longAgo = data.Consumer(environment, "initech");
        data.Rollup(flag, onlyV1, 1, 30, TimeSpan.FromHours(2))
            .Rollup(flag, alsoLegacy, 1, 5, TimeSpan.FromHours(2))
            .Rollup(flag, alsoLegacy, 2, 7, TimeSpan.FromHours(2))
            .Rollup(flag, longAgo, 1, 100, TimeSpan.FromDays(10));
        var open = data.Plan(flag, "Retire v1", 30, 120);
        data.Plan(flag, "Old attempt", 30, 120, PlanStatus.Cancelled);
        await data.SaveAsync(Database.Factory);
        await AddCampaignsAsync(open.Id, CampaignStatus.Draft, CampaignStatus.Scheduled, CampaignStatus.Completed);

        var impact = await Marks.PreviewAsync(flag.Id, 1, isLegacy: true);

        Assert.NotNull(impact);
        Assert.Equal(("v1", 1, 35L, 2, (string?)null), (impact.VariationLabel, impact.ConsumersChanging, impact.EvaluationsChanging, impact.OpenCampaigns, impact.Refusal));
        Assert.Equal(["Retire v1"], impact.Plans);
    }

    [Fact]
    public async Task Set_LastNonLegacyVariation_IsRefusedWithAReason_AndNothingChanges()
    {
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        var flag = await SeedFlagAsync(legacy: [1]);

        var preview = await Marks.PreviewAsync(flag, 0, isLegacy: true);
        var result = await Marks.SetAsync(flag, 0, isLegacy: true);

        Assert.False(result.IsEmpty);
        Assert.Equal(["isLegacy"], result.Keys);
        Assert.StartsWith("\"v0\" is the last variation of format that is not legacy", result.For("isLegacy"), StringComparison.Ordinal);
        Assert.Equal(result.For("isLegacy"), preview!.Refusal);
        await AssertMarksAsync(flag, [false, true]);
        await using var db = Database.CreateContext();
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task Set_ByAViewer_IsRefused_AndNothingChanges()
    {
        SignInAs("viewer@example.com", DashboardRoles.Viewer, DashboardPolicies.View);
        var flag = await SeedFlagAsync(legacy: []);

        var result = await Marks.SetAsync(flag, 1, isLegacy: true);

        Assert.Equal(FlagLegacyMarks.NotAllowed, result.For("role"));
        await AssertMarksAsync(flag, [false, false]);
    }

    [Fact]
    public async Task Set_ByAnEditor_ChangesTheMarkAndWritesOneAuditEntry()
    {
        SignInAs("editor@example.com", DashboardRoles.Editor, DashboardPolicies.View, DashboardPolicies.Edit);
        var flag = await SeedFlagAsync(legacy: []);

        Assert.True((await Marks.SetAsync(flag, 1, true)).IsEmpty);
        Assert.True((await Marks.SetAsync(flag, 1, true)).IsEmpty);
        Assert.Equal(["variationIndex"], (await Marks.SetAsync(flag, 5, true)).Keys);

        await AssertMarksAsync(flag, [false, true]);
        await using var db = Database.CreateContext();
        var entry = Assert.Single(await db.AuditEntries.ToListAsync());
        Assert.Equal(("flag.variation.marked-legacy", "editor@example.com", "format"), (entry.Action, entry.Actor, entry.EntityId));
        Assert.Contains("\"isLegacy\":false", entry.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("\"isLegacy\":true", entry.AfterJson, StringComparison.Ordinal);
    }

    private async Task<int> SeedFlagAsync(int[] legacy)
    {
        var data = new TestDataBuilder(Time.GetUtcNow());
        var flag = data.Flag(data.Environment("production", isDefault: true), "format", legacy);
        await data.SaveAsync(Database.Factory);
        return flag.Id;
    }

    private async Task AssertMarksAsync(int flagId, bool[] expected)
    {
        await using var db = Database.CreateContext();
        Assert.Equal(expected, await db.FlagVariations.Where(v => v.FlagId == flagId).OrderBy(v => v.Index).Select(v => v.IsLegacy).ToListAsync());
    }

    private async Task AddCampaignsAsync(int planId, params CampaignStatus[] statuses)
    {
        await using var db = Database.CreateContext();
        var template = new NotificationTemplate
        {
            Key = "test", Name = "Test", Kind = TemplateKind.Announcement, SubjectTemplate = "Hello", HtmlBodyTemplate = "<p>Hello</p>", TextBodyTemplate = "Hello",
            UpdatedAt = Time.GetUtcNow().UtcDateTime,
        };
        db.NotificationTemplates.Add(template);
        await db.SaveChangesAsync();
        db.Campaigns.AddRange(statuses.Select(s => new Campaign { PlanId = planId, TemplateId = template.Id, Name = s.ToString(), Status = s, CreatedAt = Time.GetUtcNow().UtcDateTime }));
        await db.SaveChangesAsync();
    }
}
