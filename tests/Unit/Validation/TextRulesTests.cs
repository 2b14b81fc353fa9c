using Dashboard.Flags.Validation;
using Dashboard.Tests.Unit.Infrastructure;

namespace Dashboard.Tests.Unit.Validation;

public sealed class TextRulesTests
{
    [Theory]
    [MemberData(nameof(HostileStrings.ForKeys), MemberType = typeof(HostileStrings))]
    public void KeyProblem_HostileKey_NamesTheCharacterAndWhere(HostileString hostile)
    {
        var problem = TextRules.KeyProblem(hostile.Value, 256);

        Assert.NotNull(problem);
        Assert.Matches(@"\(U\+[0-9A-F]{4} at position \d+\)$", problem);
    }

    [Theory]
    [MemberData(nameof(HostileStrings.ForText), MemberType = typeof(HostileStrings))]
    public void TextProblem_HostileText_IsRefused(HostileString hostile)
    {
        Assert.NotNull(TextRules.TextProblem(hostile.Value, 256));
    }

    [Theory]
    [InlineData("Müller & Söhne")]
    [InlineData("東京支社")]
    [InlineData("👩‍💻 platform team")] // a zero-width joiner inside an emoji
    [InlineData("می‌خواهم")] // a zero-width non-joiner, part of Persian spelling
    [InlineData("שלום\u200F (IL)")] // a right-to-left mark
    public void TextProblem_NaturalLanguage_IsAccepted(string text)
    {
        Assert.Null(TextRules.TextProblem(text, 256));
    }

    [Fact]
    public void TextProblem_MultiLine_AllowsLineBreaksAndTabsButNotNul()
    {
        Assert.Null(TextRules.TextProblem("first line\r\n\tsecond line", 4000, TextRules.MultiLine));
        Assert.Equal("must not contain control characters (U+0000 at position 4)", TextRules.TextProblem("a\nb\0", 4000, TextRules.MultiLine));
    }

    [Fact]
    public void Problems_UnpairedSurrogate_IsRefused()
    {
        Assert.Equal("must be valid Unicode text (U+D800 at position 5)", TextRules.KeyProblem(HostileStrings.UnpairedSurrogate, 256));
        Assert.Equal("must be valid Unicode text (U+D800 at position 5)", TextRules.TextProblem(HostileStrings.UnpairedSurrogate, 256, TextRules.MultiLine));
    }

    [Fact]
    public void KeyProblem_ZeroWidthSpace_SaysWhichCharacterAndWhere()
    {
        Assert.Equal(
            "must not contain invisible or look-alike characters (zero-width, bidirectional formatting or non-ASCII spaces) (U+200B at position 3)",
            TextRules.KeyProblem("ac\u200Bme", 256));
    }

    [Fact]
    public void KeyProblem_ValidKeys_AllocatesNothing()
    {
        string[] keys = ["acme-corp", "2.1.0", "mobile-ios", "kunde-müller", "東京", new string('k', 256)];
        foreach (var key in keys)
        {
            Assert.Null(TextRules.KeyProblem(key, 256));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var key in keys)
            {
                TextRules.KeyProblem(key, 256);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
