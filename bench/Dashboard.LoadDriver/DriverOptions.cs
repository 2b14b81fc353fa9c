using System.Globalization;

namespace Dashboard.LoadDriver;

/// <summary>Command line: <c>--events N --concurrency N --app path/Dashboard.dll</c>, or <c>--url http://… --api-key sdl_…</c> for a running app.</summary>
internal sealed record DriverOptions(int Events, int Concurrency, string AppPath, string? Url, string? ApiKey)
{
    public static DriverOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var repositoryRoot = FindRepositoryRoot();
        return new DriverOptions(
            int.Parse(Value("--events") ?? "1000000", CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency") ?? "16", CultureInfo.InvariantCulture),
            Value("--app") ?? Path.Combine(repositoryRoot, "src", "Dashboard", "bin", "Release", "net10.0", "Dashboard.dll"),
            Value("--url"),
            Value("--api-key"));
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Directory.GetCurrentDirectory();
    }
}
