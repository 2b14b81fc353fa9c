using Dashboard.Validation;

namespace Dashboard.Tests.Unit.Validation;

public sealed class FieldErrorsTests
{
    [Fact]
    public void Add_SameFieldTwice_KeepsBothMessagesAndForJoinsThem()
    {
        var errors = new FieldErrors();
        errors.Add("sunsetAt", "Set the sunset date.");
        errors.Add("sunsetAt", "The sunset lies in the past.");

        Assert.False(errors.IsEmpty);
        Assert.True(errors.Has("sunsetAt"));
        Assert.Equal("Set the sunset date. The sunset lies in the past.", errors.For("sunsetAt"));
        Assert.Null(errors.For("title"));
    }

    [Fact]
    public void Add_BeyondTheFieldLimit_CountsEveryProblemButKeepsTheFirstFields()
    {
        var errors = new FieldErrors(maxFields: 2);
        errors.Add("events[0].count", "a");
        errors.Add("events[1].count", "b");
        errors.Add("events[2].count", "c");
        errors.Add("events[0].count", "d");

        Assert.Equal(["events[0].count", "events[1].count"], errors.Keys);
        Assert.Equal((4, true), (errors.ProblemCount, errors.IsTruncated));
        Assert.Equal(["a", "d"], errors["events[0].count"]);
    }

    [Fact]
    public void ThrowIfAny_WithErrors_ThrowsTheSameErrors()
    {
        var errors = FieldErrors.Of("name", "Give the campaign a name.");

        var exception = Assert.Throws<FieldErrorsException>(errors.ThrowIfAny);

        Assert.Same(errors, exception.Errors);
        Assert.Equal("Give the campaign a name.", exception.Message);
        FieldErrors.None.ThrowIfAny();
    }
}
