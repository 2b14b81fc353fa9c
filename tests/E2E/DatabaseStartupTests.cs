using System.Text.RegularExpressions;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E;

/// <summary>A database the app cannot use stops it at start with one critical line that names the path and the problem.</summary>
public sealed partial class DatabaseStartupTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sundial-e2e-db-");

    [Fact]
    public async Task Start_WithAFileThatIsNotASqliteDatabase_ExitsWithOneCriticalLine()
    {
        var path = Path.Combine(folder.FullName, "sundial.db");
        await File.WriteAllTextAsync(path, "This is a spreadsheet export, not a database. " + new string('x', 4096));

        await AssertStartStopsWithOneCriticalLineAsync(path, "not a SQLite database");
    }

    [Fact]
    public async Task Start_WithAPathBelowAFile_ExitsWithOneCriticalLine()
    {
        // A folder cannot be created inside a regular file, even by root (chmod would not stop root).
        var blocker = Path.Combine(folder.FullName, "blocker");
        await File.WriteAllTextAsync(blocker, "");
        var path = Path.Combine(blocker, "data", "sundial.db");

        await AssertStartStopsWithOneCriticalLineAsync(path, "ConnectionStrings:Dashboard");
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static async Task AssertStartStopsWithOneCriticalLineAsync(string databasePath, string expectedProblem)
    {
        var (exitCode, output) = await SundialProcess.RunUntilExitAsync(new SundialProcessOptions { DatabasePath = databasePath }, ExitTimeout);

        Assert.Equal(1, exitCode);
        var line = SingleCriticalEntry(output);
        Assert.Contains(databasePath, line, StringComparison.Ordinal);
        Assert.Contains(expectedProblem, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    /// <summary>The console logger writes "crit: Category[id]" and the message on the next line.</summary>
    private static string SingleCriticalEntry(string output)
    {
        var entries = CriticalEntry().Matches(output);
        Assert.True(entries.Count == 1, $"Expected one critical log entry, found {entries.Count}. Output:\n{output}");
        return entries[0].Groups["message"].Value;
    }

    [GeneratedRegex(@"crit: [^\n]*\n\s*(?<message>[^\n]*)")]
    private static partial Regex CriticalEntry();
}
