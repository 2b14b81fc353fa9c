using Dashboard.Auditing;

namespace Dashboard.Tests.Unit.Auditing;

public sealed class AuditDiffTests
{
    [Fact]
    public void Compute_ListsOnlyChangedFieldsWithNestedPathsAndPlainLists()
    {
        var changes = AuditDiff.Compute(
            """{"Subject":"Old","Body":"<p>Hi</p>","Roles":["Viewer"],"Brownouts":[{"StartsAt":"2026-01-01"}]}""",
            """{"Subject":"New","Body":"<p>Hi</p>","Roles":["Viewer","Editor"],"Brownouts":[{"StartsAt":"2026-02-01"}],"Note":null}""");

        Assert.Equal(
            [
                new AuditFieldChange("Subject", "Old", "New"),
                new AuditFieldChange("Roles", "Viewer", "Viewer, Editor"),
                new AuditFieldChange("Brownouts[0].StartsAt", "2026-01-01", "2026-02-01"),
            ],
            changes);
    }

    [Fact]
    public void Compute_CreationHasNoBefore_AndTextIsNotJsonEscaped()
    {
        var change = Assert.Single(AuditDiff.Compute(null, """{"Body":"\u003Cp\u003EBye\u003C/p\u003E"}"""));

        Assert.Equal(new AuditFieldChange("Body", null, "<p>Bye</p>"), change);
    }
}
