using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dashboard.Tests.E2E.Infrastructure;

/// <summary>
/// The built app as a real process under Kestrel: Development environment, its own port on 127.0.0.1 and its own SQLite
/// file. Captures stdout and stderr; can be killed hard (SIGKILL) and restarted on the same database and port; kills the
/// process tree on dispose.
/// </summary>
public sealed class SundialProcess : IAsyncDisposable
{
    private readonly SundialProcessOptions options;
    private readonly string? ownedFolder;
    private readonly StringBuilder output = new();
    private Process? process;

    private SundialProcess(SundialProcessOptions options)
    {
        this.options = options;
        if (options.DatabasePath is null)
        {
            ownedFolder = Directory.CreateTempSubdirectory("sundial-e2e-").FullName;
        }

        DatabasePath = options.DatabasePath ?? Path.Combine(ownedFolder!, "sundial.db");
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
    }

    public Uri BaseAddress { get; }

    public string DatabasePath { get; }

    /// <summary>From process start until <c>/health</c> answered 200, for the last start.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>Everything the process wrote to stdout and stderr so far, across restarts.</summary>
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

    /// <summary>Starts the app and waits until <c>/health</c> answers 200.</summary>
    public static async Task<SundialProcess> StartAsync(SundialProcessOptions? options = null)
    {
        var app = new SundialProcess(options ?? new SundialProcessOptions());
        try
        {
            await app.StartAndWaitForHealthAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the app and waits for it to exit by itself, for start-up failures; kills it if it is still running at the timeout.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(SundialProcessOptions options, TimeSpan timeout)
    {
        await using var app = new SundialProcess(options);
        var started = app.Launch();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await started.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The app was still running after {timeout.TotalSeconds:F0} s. Output:\n{app.Output}");
        }

        return (started.ExitCode, app.Output);
    }

    /// <summary>Ends the process at once with SIGKILL, as a crash or power cut would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts again on the same database and port, after <see cref="KillAsync"/> or a crash.</summary>
    public async Task RestartAsync()
    {
        await KillAsync();
        process?.Dispose();
        await StartAndWaitForHealthAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        if (ownedFolder is not null)
        {
            try
            {
                Directory.Delete(ownedFolder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }

    private async Task StartAndWaitForHealthAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var started = Launch();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (stopwatch.Elapsed < options.StartTimeout)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {started.ExitCode} before it was healthy. Output:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    StartupTime = stopwatch.Elapsed;
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/health did not answer 200 within {options.StartTimeout.TotalSeconds:F0} s. Output:\n{Output}");
    }

    private Process Launch()
    {
        var dll = RepositoryLayout.DashboardDll;
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["ConnectionStrings__Dashboard"] = $"Data Source={DatabasePath}";
        foreach (var (name, value) in options.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var started = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        return started;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
