using Dashboard.Data.Entities;
using Dashboard.Timelines;

namespace Dashboard.Tests.Unit.Timelines;

public sealed class PlanValidatorTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static PlanInput Input(Action<PlanInput>? change = null)
    {
        var input = new PlanInput
        {
            FlagKey = "use-new-response-format",
            Title = "Retire v1",
            ApiVersionBelow = "2.0.0",
            AnnounceAt = Now.AddDays(1),
            DeprecationAt = Now.AddDays(30),
            SunsetAt = Now.AddDays(150),
            MigrationGuideUrl = "https://docs.example.com/migrate",
        };
        change?.Invoke(input);
        return input;
    }

    private static PlanRules Rules(
        DeprecationPlan? existing = null, IReadOnlyList<DeprecationPlan>? siblings = null, VersionScheme scheme = VersionScheme.SemVer, IReadOnlyCollection<int>? legacy = null) =>
        new(Now, scheme, [0, 1], legacy ?? [1], 90, existing, siblings ?? []);

    private static DeprecationPlan Stored(Action<DeprecationPlan>? change = null)
    {
        var plan = new DeprecationPlan
        {
            Id = 7, Title = "Existing", ApiVersionBelow = "2.0.0",
            DeprecationAt = Now.AddDays(-10), SunsetAt = Now.AddDays(100), Status = PlanStatus.Deprecated,
        };
        change?.Invoke(plan);
        return plan;
    }

    [Fact]
    public void Validate_CompletePlan_IsValidWithoutWarnings()
    {
        var outcome = PlanValidator.Validate(Input(), Rules());

        Assert.True(outcome.Errors.IsEmpty);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void Validate_SunsetBeforeDeprecation_IsRefusedOnTheSunsetField()
    {
        var outcome = PlanValidator.Validate(Input(i => i.SunsetAt = i.DeprecationAt!.Value.AddSeconds(-1)), Rules());

        Assert.Contains("RFC 9745", outcome.Errors.For("sunsetAt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SunsetEqualToDeprecation_IsAllowed()
    {
        var outcome = PlanValidator.Validate(Input(i => { i.AnnounceAt = null; i.SunsetAt = i.DeprecationAt; }), Rules());

        Assert.False(outcome.Errors.Has("sunsetAt"));
    }

    [Fact]
    public void Validate_AnnouncementAfterDeprecation_IsRefused()
    {
        var outcome = PlanValidator.Validate(Input(i => i.AnnounceAt = i.DeprecationAt!.Value.AddDays(1)), Rules());

        Assert.NotNull(outcome.Errors.For("announceAt"));
    }

    [Theory]
    [InlineData("announceAt")]
    [InlineData("deprecationAt")]
    [InlineData("sunsetAt")]
    public void Validate_NewPlanWithDateInThePast_IsRefusedOnThatField(string field)
    {
        var past = Now.AddDays(-1);
        var input = Input(i =>
        {
            i.AnnounceAt = field == "announceAt" ? past : null;
            if (field == "deprecationAt")
            {
                i.DeprecationAt = past;
            }

            if (field == "sunsetAt")
            {
                i.DeprecationAt = past.AddDays(-1);
                i.SunsetAt = past;
            }
        });

        var outcome = PlanValidator.Validate(input, Rules());

        Assert.Contains("past", outcome.Errors.For(field), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UpdateKeepingAPastDeprecationDate_IsAllowed()
    {
        var stored = Stored();
        var input = Input(i => { i.AnnounceAt = null; i.DeprecationAt = stored.DeprecationAt; i.SunsetAt = stored.SunsetAt; i.Title = "Renamed"; });

        var outcome = PlanValidator.Validate(input, Rules(existing: stored, siblings: [stored]));

        Assert.True(outcome.Errors.IsEmpty, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
    }

    [Fact]
    public void Validate_UpdateMovingADateIntoThePast_IsRefused()
    {
        var stored = Stored();
        var input = Input(i => { i.AnnounceAt = null; i.DeprecationAt = stored.DeprecationAt.AddDays(-1); i.SunsetAt = stored.SunsetAt; });

        var outcome = PlanValidator.Validate(input, Rules(existing: stored));

        Assert.NotNull(outcome.Errors.For("deprecationAt"));
    }

    [Fact]
    public void Validate_NoticeShorterThanMinimum_WarnsButStaysValid()
    {
        var outcome = PlanValidator.Validate(Input(i => i.SunsetAt = i.AnnounceAt!.Value.AddDays(45)), Rules());

        Assert.True(outcome.Errors.IsEmpty);
        Assert.Contains("45 days", outcome.Warnings.For("sunsetAt"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoticeCountsFromDeprecationWhenNoAnnouncement()
    {
        var outcome = PlanValidator.Validate(Input(i => { i.AnnounceAt = null; i.SunsetAt = i.DeprecationAt!.Value.AddDays(90); }), Rules());

        Assert.Null(outcome.Warnings.For("sunsetAt"));
    }

    [Theory]
    [InlineData("docs.example.com/migrate")]
    [InlineData("ftp://docs.example.com/migrate")]
    [InlineData("javascript:alert(1)")]
    public void Validate_GuideThatIsNotAnHttpUrl_IsRefused(string url)
    {
        var outcome = PlanValidator.Validate(Input(i => i.MigrationGuideUrl = url), Rules());

        Assert.NotNull(outcome.Errors.For("migrationGuideUrl"));
    }

    [Fact]
    public void Validate_UnreadableVersionBound_NamesTheFieldAndAnExample()
    {
        var outcome = PlanValidator.Validate(Input(i => i.ApiVersionBelow = "v2"), Rules());

        Assert.Contains("2.0.0", outcome.Errors.For("apiVersionBelow"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LowerBoundNotBelowUpperBound_IsRefused()
    {
        var outcome = PlanValidator.Validate(Input(i => { i.ApiVersionFrom = "2.0"; i.ApiVersionBelow = "2.0.0"; }), Rules());

        Assert.NotNull(outcome.Errors.For("apiVersionBelow"));
    }

    [Fact]
    public void Validate_DateSchemeBounds_AreReadAsDates()
    {
        var outcome = PlanValidator.Validate(Input(i => { i.ApiVersionFrom = "2022-01-01"; i.ApiVersionBelow = "2023-11-01"; }), Rules(scheme: VersionScheme.Date));

        Assert.True(outcome.Errors.IsEmpty);
    }

    [Fact]
    public void Validate_FlagWithEveryVariationMarkedLegacy_IsRefusedOnTheFlag()
    {
        var outcome = PlanValidator.Validate(Input(), Rules(legacy: [0, 1]));

        Assert.Contains("nothing to migrate to", outcome.Errors.For("flagKey"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FlagWithoutALegacyVariation_IsRefusedNamingTheFlag()
    {
        var outcome = PlanValidator.Validate(Input(), Rules(legacy: []));

        Assert.Contains("no variation marked legacy", outcome.Errors.For("flagKey"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RetiredVariationsOtherThanTheFlagsLegacyMarks_IsRefusedPointingAtTheFlag()
    {
        var outcome = PlanValidator.Validate(Input(i => i.RetiredVariations = [0]), Rules());

        Assert.Contains("change the legacy marks on the flag", outcome.Errors.For("retiredVariations"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RetiredVariationsEqualToTheFlagsLegacyMarks_IsAccepted()
    {
        var outcome = PlanValidator.Validate(Input(i => i.RetiredVariations = [1]), Rules());

        Assert.True(outcome.Errors.IsEmpty);
    }

    [Fact]
    public void Validate_SecondPlanOfTheFlagForOverlappingVersions_IsRefused()
    {
        var sibling = Stored(p => p.ApiVersionBelow = "1.5.0");

        var outcome = PlanValidator.Validate(Input(i => { i.ApiVersionFrom = "1.0.0"; i.ApiVersionBelow = "2.0.0"; }), Rules(siblings: [sibling]));

        Assert.Contains("Existing", outcome.Errors.For("apiVersionFrom"), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecondPlanForAdjacentVersionRange_IsAllowed()
    {
        var sibling = Stored(p => p.ApiVersionBelow = "1.5.0");

        var outcome = PlanValidator.Validate(Input(i => { i.ApiVersionFrom = "1.5.0"; i.ApiVersionBelow = "2.0.0"; }), Rules(siblings: [sibling]));

        Assert.True(outcome.Errors.IsEmpty);
    }

    [Fact]
    public void Validate_SecondPlanForOtherClientTypes_IsAllowed()
    {
        var sibling = Stored(p => p.ClientTypes = ["mobile-ios"]);

        var outcome = PlanValidator.Validate(Input(i => i.ClientTypes = ["web"]), Rules(siblings: [sibling]));

        Assert.True(outcome.Errors.IsEmpty);
    }

    [Fact]
    public void Validate_OverlapWithCancelledPlan_IsAllowed()
    {
        var sibling = Stored(p => p.Status = PlanStatus.Cancelled);

        var outcome = PlanValidator.Validate(Input(), Rules(siblings: [sibling]));

        Assert.True(outcome.Errors.IsEmpty);
    }

    [Fact]
    public void Validate_BrownoutOutsideTheDeprecationPeriod_IsRefusedPerField()
    {
        var input = Input(i => i.Brownouts =
        [
            new BrownoutInput { StartsAt = i.DeprecationAt!.Value.AddDays(-1), EndsAt = i.DeprecationAt.Value.AddHours(1) },
            new BrownoutInput { StartsAt = i.SunsetAt!.Value.AddHours(-1), EndsAt = i.SunsetAt.Value.AddHours(1) },
            new BrownoutInput { StartsAt = i.SunsetAt!.Value.AddDays(-3), EndsAt = i.SunsetAt.Value.AddDays(-4) },
        ]);

        var outcome = PlanValidator.Validate(input, Rules());

        Assert.NotNull(outcome.Errors.For("brownouts[0].startsAt"));
        Assert.NotNull(outcome.Errors.For("brownouts[1].endsAt"));
        Assert.NotNull(outcome.Errors.For("brownouts[2].endsAt"));
    }

    [Fact]
    public void Validate_OverlappingBrownouts_AreRefused()
    {
        var input = Input(i => i.Brownouts =
        [
            new BrownoutInput { StartsAt = i.SunsetAt!.Value.AddDays(-10), EndsAt = i.SunsetAt.Value.AddDays(-9) },
            new BrownoutInput { StartsAt = i.SunsetAt!.Value.AddDays(-9.5), EndsAt = i.SunsetAt.Value.AddDays(-8) },
        ]);

        var outcome = PlanValidator.Validate(input, Rules());

        Assert.Contains("overlaps brownout 1", outcome.Errors.For("brownouts[1].startsAt"), StringComparison.Ordinal);
    }
}
