using System.Text.Json.Nodes;
using Dashboard.Flags;
using Dashboard.Flags.Contexts;

namespace Dashboard.Tests.Unit.Flags;

public sealed class FlagStoreLoadTests
{
    [Fact]
    public void Load_TextThatIsNotJson_ReturnsErrorInsteadOfThrowing()
    {
        var result = FlagStore.Load("{\"flags\": {");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, error => error.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RootIsAnArray_ExplainsExpectedShape()
    {
        var result = FlagStore.Load("[]");

        Assert.Null(result.Store);
        Assert.Contains("\"flags\"", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ClauseOperatorIsANumber_ErrorNamesFlagAndFieldPath()
    {
        var flag = TestFlagData.BooleanFlag("checkout", TestFlagData.Rule("r1", TestFlagData.Clause("email", "in", "a")));
        flag["rules"]![0]!["clauses"]![0]!["op"] = 3;

        var result = FlagStore.Load(TestFlagData.Data([flag]));

        Assert.False(result.Succeeded);
        Assert.Equal("flag \"checkout\": rules[0].clauses[0].op must be a string, found the number 3", Assert.Single(result.Errors));
    }

    [Fact]
    public void Load_FractionalVariationIndex_ErrorNamesField()
    {
        var flag = TestFlagData.BooleanFlag("checkout");
        flag["fallthrough"] = new JsonObject { ["variation"] = 1.5 };

        var result = FlagStore.Load(TestFlagData.Data([flag]));

        Assert.Equal("flag \"checkout\": fallthrough.variation must be a whole number, found the number 1.5", Assert.Single(result.Errors));
    }

    [Fact]
    public void Load_SeveralProblems_ReportsEveryOneWithItsOwner()
    {
        var flag = TestFlagData.BooleanFlag("checkout");
        flag["on"] = "yes";
        var segment = TestFlagData.Segment("beta");
        segment["included"] = new JsonArray("a", 7);

        var result = FlagStore.Load(TestFlagData.Data([flag], [segment]));

        Assert.Equal(
            ["flag \"checkout\": on must be true or false, found the string \"yes\"", "segment \"beta\": included[1] must be a string, found the number 7"],
            result.Errors);
    }

    [Fact]
    public void Load_FlagIsNotAnObject_ErrorNamesFlag()
    {
        var result = FlagStore.Load("{\"flags\":{\"checkout\":true}}");

        Assert.Equal("flag \"checkout\": (flag) must be an object, found the boolean true", Assert.Single(result.Errors));
    }

    [Fact]
    public void TryLoad_DataWithoutSegments_Succeeds()
    {
        var loaded = FlagStore.TryLoad("{\"flags\":{\"checkout\":{\"key\":\"checkout\",\"on\":false,\"variations\":[1,2],\"offVariation\":0}}}", out var store, out var errors);

        Assert.True(loaded, string.Join(", ", errors));
        Assert.Equal(1, new FlagEvaluator(store!).Evaluate("checkout", EvaluationContext.Create("user", "u"), default).Value.GetInt32());
    }

    [Fact]
    public void Evaluate_DeletedFlag_IsReportedAsNotFound()
    {
        var flag = TestFlagData.BooleanFlag("checkout");
        flag["deleted"] = true;
        var evaluator = TestFlagData.Evaluator(flag);

        var detail = evaluator.Evaluate("checkout", EvaluationContext.Create("user", "u"), default);

        Assert.Equal(EvaluationReason.ForError(EvaluationErrorKind.FlagNotFound), detail.Reason);
        Assert.Empty(evaluator.EvaluateAll(EvaluationContext.Create("user", "u")));
    }

    [Theory]
    [InlineData("""{"flags":{},"segments":{},"flags":{}}""", "'flags'")]
    [InlineData("""{"flags":{"a":{"key":"a","on":false},"a":{"key":"a","on":true}}}""", "'a'")]
    [InlineData("""{"flags":{"a":{"key":"a","on":false,"on":true}}}""", "'on'")]
    public void Load_KeyRepeatedInOneObject_ErrorNamesTheKey(string json, string quotedKey)
    {
        var result = FlagStore.Load(json);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Contains("Duplicate property", error, StringComparison.Ordinal);
        Assert.Contains(quotedKey, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"flags":{"a\u0000b":{"on":false}}}""", "flag key \"a\\u0000b\" must not contain control characters (U+0000 at position 2)")]
    [InlineData("""{"flags":{"line\nbreak":{"on":false}}}""", "flag key \"line\\u000Abreak\" must not contain control characters (U+000A at position 5)")]
    [InlineData("""{"segments":{"bell\u0007":{}}}""", "segment key \"bell\\u0007\" must not contain control characters (U+0007 at position 5)")]
    [InlineData("""{"flags":{"bad\uFFFD":{"on":false}}}""", "flag key \"bad\\uFFFD\" must not contain U+FFFD")]
    [InlineData("""{"flags":{"ok":{"key":"o\u0000k","on":false}}}""", "flag key \"o\\u0000k\" must not contain control characters (U+0000 at position 2)")]
    [InlineData("""{"flags":{"check\u200Bout":{"on":false}}}""", "flag key \"check\\u200Bout\" must not contain invisible or look-alike characters")]
    [InlineData("""{"flags":{"\u202Etuokcehc":{"on":false}}}""", "flag key \"\\u202Etuokcehc\" must not contain invisible or look-alike characters")]
    [InlineData("""{"segments":{"beta\u00A0users":{}}}""", "segment key \"beta\\u00A0users\" must not contain invisible or look-alike characters")]
    [InlineData("""{"flags":{"ok":{"key":"o\uFEFFk","on":false}}}""", "flag key \"o\\uFEFFk\" must not contain invisible or look-alike characters")]
    [InlineData("""{"flags":{"half\ud800":{"on":false}}}""", "flag data has a key that is not valid Unicode text")]
    [InlineData("""{"flags":{"ok":{"key":"half\ud800","on":false}}}""", "flag \"ok\":")]
    public void Load_KeyIngestWouldRefuse_ErrorNamesTheKey(string json, string expected)
    {
        var result = FlagStore.Load(json);

        Assert.False(result.Succeeded);
        Assert.StartsWith(expected, Assert.Single(result.Errors), StringComparison.Ordinal);
    }
}

