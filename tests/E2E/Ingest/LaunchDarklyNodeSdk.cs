using System.Diagnostics;
using System.Text.Json;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E.Ingest;

/// <summary>
/// The real LaunchDarkly Node server SDK, installed from npm into a temp folder (once per machine and version) and
/// driven by <c>tests/E2E/ld-interop/evaluate.mjs</c>.
/// </summary>
public static class LaunchDarklyNodeSdk
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Evaluates <paramref name="flagKey"/> for each context the given number of times, flushes events to <paramref name="eventsUri"/>, and returns "value#variation" → count as the SDK served them.</summary>
    public static async Task<Dictionary<string, int>> EvaluateAsync(
        Uri eventsUri, string sdkKey, string flagJson, string flagKey, IEnumerable<(object Context, int Times)> evaluations)
    {
        var folder = await InstallAsync();
        var run = Directory.CreateTempSubdirectory("sundial-ld-run-").FullName;
        try
        {
            var flagFile = Path.Combine(run, "flags.json");
            await File.WriteAllTextAsync(flagFile, "{\"flags\":{" + JsonSerializer.Serialize(flagKey) + ":" + flagJson + "}}");
            var scenarioFile = Path.Combine(run, "scenario.json");
            await File.WriteAllTextAsync(scenarioFile, JsonSerializer.Serialize(new
            {
                eventsUri = eventsUri.ToString().TrimEnd('/'),
                sdkKey,
                flagFile,
                flagKey,
                evaluations = evaluations.Select(e => new { context = e.Context, times = e.Times }),
            }));
            var (exitCode, output) = await RunAsync("node", folder, TimeSpan.FromMinutes(1), "evaluate.mjs", scenarioFile);
            Assert.True(exitCode == 0, $"The Node SDK script failed ({exitCode}):\n{output}");
            var result = output.Split('\n').Last(l => l.StartsWith("{\"served\"", StringComparison.Ordinal));
            using var document = JsonDocument.Parse(result);
            return document.RootElement.GetProperty("served").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        }
        finally
        {
            Directory.Delete(run, recursive: true);
        }
    }

    private static async Task<string> InstallAsync()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "ld-interop");
        var folder = Path.Combine(Path.GetTempPath(), "sundial-ld-interop-" + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(source, "package.json"))))[..12]);
        await InstallLock.WaitAsync();
        try
        {
            Directory.CreateDirectory(folder);
            File.Copy(Path.Combine(source, "package.json"), Path.Combine(folder, "package.json"), overwrite: true);
            File.Copy(Path.Combine(source, "evaluate.mjs"), Path.Combine(folder, "evaluate.mjs"), overwrite: true);
            if (!File.Exists(Path.Combine(folder, "node_modules", "@launchdarkly", "node-server-sdk", "package.json")))
            {
                var (exitCode, output) = await RunAsync("npm", folder, TimeSpan.FromMinutes(5), "install", "--no-audit", "--no-fund", "--loglevel=error");
                Assert.True(exitCode == 0, $"npm install of @launchdarkly/node-server-sdk failed ({exitCode}):\n{output}");
            }

            return folder;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:F0} s.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
