using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dashboard.Tests.E2E.Infrastructure;

namespace Dashboard.Tests.E2E.Timelines;

/// <summary>The sample provider (<c>samples/WidgetsApi</c>) as a real process, pointed at a running Sundial with the demo key.</summary>
public sealed class WidgetsApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private WidgetsApiProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The demo API key every Development run of Sundial seeds (from appsettings.Development.json).</summary>
    public static string DemoApiKey
    {
        get
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "src", "Dashboard", "appsettings.Development.json")));
            return settings.RootElement.GetProperty("Demo").GetProperty("ApiKey").GetString()!;
        }
    }

    public static async Task<WidgetsApiProcess> StartAsync(Uri sundial)
    {
        var frameworkFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var folder = Path.Combine(RepositoryLayout.Root, "samples", "WidgetsApi", "bin", frameworkFolder.Parent!.Name, frameworkFolder.Name);
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "WidgetsApi.dll"), "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Sundial__BaseAddress"] = sundial.ToString();
        start.Environment["Sundial__ApiKey"] = DemoApiKey;
        start.Environment["Sundial__PolicyTimeout"] = "00:00:05";
        start.Environment["Sundial__FlushInterval"] = "00:00:00.500";
        var process = Process.Start(start)!;
        var app = new WidgetsApiProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 120; attempt++)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the probe's timeout (as in SundialProcess).
            }

            if (process.HasExited)
            {
                break;
            }

            await Task.Delay(250);
        }

        await app.DisposeAsync();
        throw new InvalidOperationException($"The sample provider did not start:\n{app.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
