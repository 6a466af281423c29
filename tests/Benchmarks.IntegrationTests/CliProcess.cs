using System.Diagnostics;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>
/// Runs the built planner CLI (copied next to the tests) as a real process. Its model cache is a folder of this test
/// run's, not the user's, unless a test gives its own.
/// </summary>
internal static class CliProcess
{
    public static string ModelCacheFolder { get; } = Path.Combine(Path.GetTempPath(), "planner-bench-models-" + Guid.NewGuid().ToString("N"));

    public static (int ExitCode, string StdOut, string StdErr) Run(params string[] args) =>
        RunWith(new Dictionary<string, string> { [Models.ModelCache.FolderVariable] = ModelCacheFolder }, args);

    public static (int ExitCode, string StdOut, string StdErr) RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "planner.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"planner {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
