using System.Text.Json;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class EvaluationContextTests
{
    [Theory]
    [InlineData("""{"kind":"","key":"a"}""")]
    [InlineData("""{"kind":"kind","key":"a"}""")]
    [InlineData("""{"kind":"multi"}""")]
    [InlineData("""{"kind":"multi","user":{"key":"a"},"org":{"name":"no key"}}""")]
    [InlineData("""{"kind":"user"}""")]
    [InlineData("""{"kind":"user","key":""}""")]
    [InlineData("""{"kind":"user","key":null}""")]
    [InlineData("""{"kind":"user","key":7}""")]
    [InlineData("""{"kind":"us er","key":"a"}""")]
    [InlineData("""{"kind":"user","key":"a","name":42}""")]
    [InlineData("""{"name":"old-style user without key"}""")]
    [InlineData("""not json""")]
    [InlineData("""[]""")]
    public void Evaluate_InvalidContext_ReturnsDefaultWithUserNotSpecified(string contextJson)
    {
        var evaluator = TestFlagData.Evaluator(TestFlagData.BooleanFlag("checkout"));
        var context = EvaluationContext.FromJson(contextJson);

        var detail = evaluator.Evaluate("checkout", context, JsonSerializer.SerializeToElement("default"));

        Assert.False(context.IsValid);
        Assert.NotNull(context.Error);
        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.UserNotSpecified), detail.Reason);
        Assert.Equal("default", detail.Value.GetString());
        Assert.Null(detail.VariationIndex);
    }

    [Fact]
    public void FromJson_OldStyleUserWithEmptyKey_IsValid()
    {
        Assert.True(EvaluationContext.FromJson("""{"key":""}""").IsValid);
    }

    [Fact]
    public void FromJson_OldStyleUser_MovesBuiltInsAndCustomToAttributes()
    {
        var context = EvaluationContext.FromJson("""{"key":"u","email":"a@b.c","custom":{"plan":"pro","kind":"ignored"},"unknownTopLevel":1}""");

        Assert.Equal("user", context.Kind);
        Assert.Equal("a@b.c", context.GetAttribute("email")!.Value.GetString());
        Assert.Equal("pro", context.GetAttribute("plan")!.Value.GetString());
        Assert.Equal("user", context.GetAttribute("kind")!.Value.GetString());
        Assert.Null(context.GetAttribute("unknownTopLevel"));
    }

    [Fact]
    public void FromJson_MultiKindWithOneKind_CollapsesToThatKind()
    {
        var context = EvaluationContext.FromJson("""{"kind":"multi","org":{"key":"o"}}""");

        Assert.False(context.IsMultiKind);
        Assert.Equal("org", context.Kind);
    }

    [Fact]
    public void FromJson_MultiKind_SortsKindsAndResolvesPaths()
    {
        var context = EvaluationContext.FromJson("""{"kind":"multi","user":{"key":"u","address":{"city":"Oslo"}},"org":{"key":"o"}}""");

        Assert.True(context.IsMultiKind);
        Assert.Equal(["org", "user"], context.Individuals.Select(individual => individual.Kind));
        Assert.Equal("Oslo", context.Individuals[1].GetAttribute("/address/city")!.Value.GetString());
    }
}
