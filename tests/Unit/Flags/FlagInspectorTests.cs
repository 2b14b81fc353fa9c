using Dashboard.Flags;

namespace Dashboard.Tests.Unit.Flags;

public sealed class FlagInspectorTests
{
    [Fact]
    public void FindBoundaries_ClausesInFlagAndReferencedSegments_AreCollectedSortedAndDistinct()
    {
        var flagJson = TestFlagData.BooleanFlag(
            "checkout",
            TestFlagData.Rule("r0", TestFlagData.Clause("appVersion", "semVerLessThan", "2.10", "2.9.0-rc.1"), TestFlagData.SegmentMatch("legacy")),
            TestFlagData.Rule("r1", TestFlagData.Clause("signup", "before", "2024-01-01T00:00:00Z", "not a date")));
        var segmentJson = TestFlagData.Segment("legacy", TestFlagData.Rule("s0", TestFlagData.Clause("appVersion", "semVerGreaterThan", "1", "2.10.0")));
        var store = FlagStore.Load(TestFlagData.Data([flagJson], [segmentJson])).Store!;
        var flag = store.GetFlag("checkout")!;

        var versions = FlagInspector.FindSemVerBoundaries(flag, store);
        var dates = FlagInspector.FindDateBoundaries(flag, store);
        var locations = FlagInspector.EnumerateClauses(flag, store).ToList();

        Assert.Equal(["1.0.0", "2.9.0-rc.1", "2.10.0"], versions.Select(version => version.ToString()));
        Assert.Equal([new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)], dates);
        Assert.Equal(4, locations.Count);
        Assert.Equal("legacy", locations[^1].SegmentKey);
        Assert.Equal(["2.9.0-rc.1", "2.10.0"], FlagInspector.FindSemVerBoundaries(flag).Select(version => version.ToString()));
    }
}
