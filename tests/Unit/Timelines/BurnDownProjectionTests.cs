using Dashboard.Timelines;

namespace Dashboard.Tests.Unit.Timelines;

/// <summary>The burn-down's projection at the sunset reads as one statement: no consumers means no evaluations, and back.</summary>
public sealed class BurnDownProjectionTests
{
    [Fact]
    public void Project_FallingLine_StopsAtZero()
    {
        Assert.Equal(0, BurnDownQueries.Project([-3, -2, -1], [30, 20, 10], at: 60));
    }

    [Theory]
    [InlineData(0, 2181)]
    [InlineData(0.4, 2181)]
    [InlineData(12, 0.2)]
    public void Consistent_EitherProjectedToNothing_MakesBothNothing(double consumers, double evaluations)
    {
        Assert.Equal((0d, 0d), BurnDownQueries.Consistent(consumers, evaluations));
    }

    [Fact]
    public void Consistent_BothStillThere_KeepsBoth()
    {
        Assert.Equal((3.2, 410d), BurnDownQueries.Consistent(3.2, 410));
    }
}
