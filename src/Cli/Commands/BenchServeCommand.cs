using System.CommandLine;
using System.Globalization;
using Planner.Benchmarks;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Serving;
using Planner.CostModel;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary><c>planner bench serve</c>: the reference decoder served under load (continuous batching), with TTFT, ITL, goodput and the fitted step-time model.</summary>
internal static class BenchServeCommand
{
    public static Command Create()
    {
        var load = new ServingLoadOptions();
        var presetOption = new Option<string>("--preset") { Description = "gpt-decoder preset: tiny or small.", DefaultValueFactory = _ => "tiny" };
        var deviceOption = new Option<string>("--device") { Description = "auto (CUDA, else CPU), cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var maxBatchOption = new Option<int>("--max-batch") { Description = "Most requests decoded together (continuous batching).", DefaultValueFactory = _ => 8 };
        var threadsOption = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per physical core).", DefaultValueFactory = _ => 0 };
        var outOption = ResultsFolderOption.Create();
        var serve = new Command("serve", "Serve the reference GPT decoder under load here: TTFT, inter-token latency, goodput, the fitted step-time model and the simulator's error. Ctrl+C keeps what finished.");
        serve.Options.Add(presetOption);
        serve.Options.Add(deviceOption);
        serve.Options.Add(maxBatchOption);
        serve.Options.Add(threadsOption);
        load.AddTo(serve);
        serve.Options.Add(outOption);
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var device = DeviceRequestNames.Parse(parse.GetValue(deviceOption), "--device");
            var threads = parse.GetValue(threadsOption);
            if (threads < 0 || threads > 1024)
            {
                throw new InputException($"--threads: must be between 0 and 1024, got {threads}.");
            }
            var (loads, targets) = load.Parse(parse);
            var settings = new ServingBenchmarkSettings(parse.GetValue(presetOption)!, loads, parse.GetValue(maxBatchOption), targets,
                new ThreadSettings(threads, 1), load.Seed(parse));
            var problems = settings.Problems(ServingLoadOptions.Flag);
            InputException.ThrowIfAny(problems);
            var run = await new ServingBenchmark().RunAsync(settings, device, LineProgress(), cancellationToken);
            return Finish(run, parse.GetValue(outOption)!);
        });
        return serve;
    }

    /// <summary>Writes the run, prints the summary and its path; 130 when it was cancelled, 1 when no request completed.</summary>
    internal static int Finish(BenchmarkRun run, DirectoryInfo folder)
    {
        var path = Path.Combine(folder.FullName, run.RunId + ".json");
        BenchmarkResultsJson.Write(run, path);
        ServingTables.WriteSummary(run);
        Console.WriteLine(path);
        if (run.Partial)
        {
            Console.Error.WriteLine($"Cancelled: the requests that ended are kept in {path} (partial: true).");
            return ExitCodes.Cancelled;
        }
        if (run.Serving is not { Count: > 0 } serving || serving.All(s => s.Metrics.Completed == 0))
        {
            Console.Error.WriteLine("No request completed (see the errors by kind above).");
            return ExitCodes.NoResult;
        }
        return ExitCodes.Ok;
    }

    /// <summary>One line on stderr per load point and at most one a second while it runs.</summary>
    internal static IProgress<ServingBenchmarkProgress> LineProgress()
    {
        var last = -1;
        return new ImmediateProgress<ServingBenchmarkProgress>(p =>
        {
            var second = (int)p.Requests.ElapsedSeconds;
            if (second == last)
            {
                return;
            }
            last = second;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{p.LoadIndex + 1}/{p.Loads}] {p.Load}: {p.Requests.ElapsedSeconds:0} s, {p.Requests.Issued} sent, {p.Requests.Ended} ended, {p.Requests.Failed} failed"));
        });
    }
}
