using Dashboard.Analytics;

namespace Dashboard.Tests.Unit.Analytics;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\"")]
    [InlineData("+1+1", "\"'+1+1\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    public void Write_NeutralisesFormulasAndQuotesSeparators(string value, string expected)
    {
        var csv = CsvExport.Write(["value"], [[value]]);

        Assert.Equal("value\r\n" + expected + "\r\n", csv);
    }

    [Fact]
    public void Write_KeepsUnicodeText()
    {
        var csv = CsvExport.Write(["name"], [["Société Générale ✓"]]);

        Assert.Equal("name\r\nSociété Générale ✓\r\n", csv);
    }

    [Fact]
    public void IsoDate_WritesUtcWithZ()
    {
        Assert.Equal("2026-01-15T14:30:00Z", CsvExport.IsoDate(new DateTime(2026, 1, 15, 14, 30, 0, DateTimeKind.Utc)));
    }
}
