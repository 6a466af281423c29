using System.Diagnostics;

namespace Planner.Cli.IntegrationTests;

/// <summary>Runs the real <c>planner</c> CLI (the built planner.dll beside the tests) as a separate process.</summary>
public static class PlannerProcess
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Example(string name) => Path.Combine(RepositoryRoot, "examples", name);

    /// <param name="args">The command line after <c>planner</c>.</param>
    /// <param name="environment">Variables to set.</param>
    /// <param name="workingDirectory">Default: the repository root.</param>
    /// <param name="input">Standard input (closed after it); none when null.</param>
    public static async Task<PlannerResult> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null, string? workingDirectory = null, string? input = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "planner.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new PlannerResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<PlannerResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Planner.sln not found above " + AppContext.BaseDirectory);
    }
}

public sealed record PlannerResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
