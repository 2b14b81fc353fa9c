namespace Dashboard.Tests.E2E.Infrastructure;

/// <summary>Where the repository and the built app are, found from the test assembly's own location.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding <c>Dashboard.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Test artifacts (screenshots) go under <c>TestResults/</c> at the repository root.</summary>
    public static string TestResults => Path.Combine(Root, "TestResults");

    /// <summary>
    /// The <c>Dashboard.dll</c> built in the same configuration as this test assembly (the E2E project references the app
    /// project, so <c>dotnet test</c> builds it first).
    /// </summary>
    public static string DashboardDll
    {
        get
        {
            // AppContext.BaseDirectory is tests/E2E/bin/<Configuration>/<TargetFramework>/.
            var frameworkFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = frameworkFolder.Parent!.Name;
            var dll = Path.Combine(Root, "src", "Dashboard", "bin", configuration, frameworkFolder.Name, "Dashboard.dll");
            return File.Exists(dll)
                ? dll
                : throw new FileNotFoundException($"The app is not built at {dll}; run 'dotnet build Dashboard.sln -c {configuration}' first.", dll);
        }
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dashboard.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Dashboard.sln above {AppContext.BaseDirectory}.");
    }
}
