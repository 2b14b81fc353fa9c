using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.LoadDriver;

/// <summary>The app under load in its own process (Production settings, its own SQLite file, per-key rate limit lifted).</summary>
internal sealed class AppProcess : IDisposable
{
    private const string AppSettingPrefix = "LOADDRIVER_APP_";

    private readonly Process process;

    private AppProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static AppProcess Start(string appPath, string databasePath)
    {
        if (!File.Exists(appPath))
        {
            throw new FileNotFoundException($"Build the app first: dotnet build -c Release src/Dashboard (looked for {appPath}).");
        }

        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [appPath, "--urls", baseUrl])
        {
            WorkingDirectory = Path.GetDirectoryName(appPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Dashboard"] = $"Data Source={databasePath}";
        start.Environment["Ingest__RateLimitPerSecond"] = "1000000";
        start.Environment["Ingest__RateLimitBurst"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Experiments: LOADDRIVER_APP_Ingest__FoldInterval=00:00:01 reaches the app as Ingest__FoldInterval.
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value))
            .Where(e => e.Item1.StartsWith(AppSettingPrefix, StringComparison.Ordinal)))
        {
            start.Environment[name[AppSettingPrefix.Length..]] = value;
        }

        var showOutput = start.Environment.ContainsKey("Logging__LogLevel__Dashboard.Ingest");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (showOutput && e.Data is not null) { Console.Error.WriteLine("app: " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("app: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppProcess(process, baseUrl);
    }

    public long? WorkingSet()
    {
        try
        {
            process.Refresh();
            return process.HasExited ? null : process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
