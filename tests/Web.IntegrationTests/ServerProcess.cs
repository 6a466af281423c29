using System.Diagnostics;

namespace Planner.Web.IntegrationTests;

/// <summary>The built web app (Planner.Web.dll) as its own process, for what only a real start shows: how it refuses to start.</summary>
public static class ServerProcess
{
    /// <summary>Starts the server with <paramref name="environment"/> and waits (at most two minutes) for it to exit.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Planner.Web.dll"));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
