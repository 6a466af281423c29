using System.CommandLine;
using Planner.Benchmarks;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>
/// <c>planner bench run</c>: runs a profile with a live progress bar, writes the results JSON after every finished step
/// and at the end, prints a summary.
/// </summary>
internal static class BenchRunCommand
{
    public static Command Create()
    {
        var profileOption = new Option<string>("--profile") { Description = "Shipped profile name (smoke, quick, standard, llm, training, visual-inspection, predictive-maintenance, line-optimization) or a profile JSON file.", Required = true };
        var deviceOption = new Option<string?>("--device") { Description = "auto (CUDA, else CPU), cpu or cuda; default: the profile's." };
        var outOption = ResultsFolderOption.Create();
        var pushOption = new Option<string?>("--push")
        {
            Description = "A Planner web app's base URL (e.g. http://planner:5000): upload the results there when done (POST /api/benchmarks/runs).",
        };
        var quickOption = new Option<bool>("--quick")
        {
            Description = "Run the profile shrunk to seconds of CPU work (smallest presets, at most 4000 rows, a short measurement; run named NAME-quick): checks that it runs, not what the hardware does.",
        };
        var run = new Command("run", "Run a benchmark profile; Ctrl+C stops it and keeps the finished results (marked partial).");
        run.Options.Add(profileOption);
        run.Options.Add(deviceOption);
        run.Options.Add(outOption);
        run.Options.Add(pushOption);
        run.Options.Add(quickOption);
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            // The server is checked before the run, so a mistyped URL costs nothing.
            var server = parseResult.GetValue(pushOption) is { } pushText ? ResultsPush.ParseServer(pushText) : null;
            var profile = ProfileLoader.Load(parseResult.GetValue(profileOption)!);
            if (parseResult.GetValue(quickOption))
            {
                profile = QuickSize.Of(profile);
            }
            var deviceName = parseResult.GetValue(deviceOption);
            DeviceRequest? device = deviceName is null ? null : DeviceRequestNames.Parse(deviceName, "--device");
            var folder = parseResult.GetValue(outOption)!.FullName;
            string PathOf(BenchmarkRun run) => Path.Combine(folder, run.RunId + ".json");
            // Every finished step rewrites the results file (partial: true until the end), so a run killed outright
            // keeps what it finished; Ctrl+C ends the run cleanly and writes it once more, marked partial.
            // Built models are kept on disk by shape hash (PLANNER_MODEL_CACHE, `bench cache`): a later run reads them.
            var engine = new BenchmarkEngine
            {
                Checkpoint = run => BenchmarkResultsJson.Write(run, PathOf(run)),
                ModelCache = Benchmarks.Models.ModelCache.FromEnvironment(),
            };
            var result = await RunWithProgressAsync(engine, profile, device, cancellationToken);

            var path = PathOf(result);
            BenchmarkResultsJson.Write(result, path);
            BenchTables.WriteSummary(result);
            if (result.Serving is { Count: > 0 })
            {
                ServingTables.WriteSummary(result);
            }
            Console.WriteLine(path);
            if (server is not null)
            {
                await ResultsPush.PushAsync(server, await File.ReadAllTextAsync(path, cancellationToken), cancellationToken);
            }
            if (result.Partial)
            {
                await Console.Error.WriteLineAsync($"Cancelled: {result.Results.Count} finished results kept in {path} (partial: true).");
                return ExitCodes.Cancelled;
            }
            return ExitCodes.Ok;
        });
        return run;
    }

    private static async Task<BenchmarkRun> RunWithProgressAsync(BenchmarkEngine engine, BenchmarkProfile profile, DeviceRequest? device, CancellationToken cancellationToken)
    {
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            // Not a terminal (CI, tests, pipes): one plain line per step on stderr.
            var lines = new ImmediateProgress<BenchmarkProgress>(p =>
            {
                if (p.Phase != "done")
                {
                    Console.Error.WriteLine($"[{p.StepIndex + 1}/{p.TotalSteps}] {p.Phase} {p.Model} {p.Preset} batch {p.BatchSize}");
                }
            });
            return await engine.RunAsync(profile, device, lines, cancellationToken);
        }

        BenchmarkRun? result = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"profile {Markup.Escape(profile.Name)}", maxValue: 1.0);
                var progress = new ImmediateProgress<BenchmarkProgress>(p =>
                {
                    task.Value = p.Fraction;
                    task.Description = p.Phase == "done"
                        ? $"profile {Markup.Escape(profile.Name)}: done"
                        : Markup.Escape($"[{p.StepIndex + 1}/{p.TotalSteps}] {p.Phase} {p.Model} {p.Preset} batch {p.BatchSize}");
                });
                result = await engine.RunAsync(profile, device, progress, cancellationToken);
            });
        return result!;
    }
}
