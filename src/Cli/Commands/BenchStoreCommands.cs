using System.CommandLine;
using System.Globalization;
using Planner.CostModel.Json;
using Planner.Data;

namespace Planner.Cli.Commands;

/// <summary><c>planner bench import|runs</c>: benchmark results kept in the store (PLANNER_DB).</summary>
public static class BenchStoreCommands
{
    public static void AddTo(Command bench)
    {
        bench.Subcommands.Add(CreateImport());
        bench.Subcommands.Add(CreateRuns());
    }

    private static Command CreateImport()
    {
        var files = new Argument<string[]>("results") { Description = "Results files written by planner bench run", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string>("--by") { Description = "Who imports (default: the user name)", DefaultValueFactory = _ => Environment.UserName };
        var import = new Command("import", "Import results files into the store (validated; kept verbatim; the same file twice is a no-op).") { files, by };
        import.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            foreach (var path in parse.GetRequiredValue(files))
            {
                var result = await store.Benchmarks.ImportFileAsync(path, parse.GetRequiredValue(by), ct);
                var run = result.Run;
                await Console.Out.WriteLineAsync(result.AlreadyImported
                    ? $"{run.RunId}: already imported ({TextTable.Time(run.ImportedAt)} UTC by {run.ImportedBy}); nothing changed"
                    : $"{run.RunId}: imported {run.Results.Count} results on {run.Device}");
            }
            return ExitCodes.Ok;
        });
        return import;
    }

    private static Command CreateRuns()
    {
        var model = new Option<string?>("--model") { Description = "Only runs with results for this model" };
        var device = new Option<string?>("--device") { Description = "Only runs on a device whose name contains this text (or with this fingerprint id)" };
        var format = FormatOption.Create(["table", "json"]);
        var runs = new Command("runs", "List imported benchmark runs, newest first.") { model, device, format };
        runs.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var list = await store.Benchmarks.ListRunsAsync(parse.GetValue(model), parse.GetValue(device), ct);
            if (parse.GetValue(format) == "json")
            {
                var rows = list.Select(r => new
                {
                    r.RunId, r.StartedAt, r.FinishedAt, r.Profile, r.Partial, r.Device, r.CpuModel, r.GpuName, r.FingerprintId, r.ImportedAt, r.ImportedBy,
                    Results = r.Results.OrderBy(x => x.Index).Select(x => new
                    {
                        x.Model, x.Preset, x.Precision, x.Task, x.Phase, x.BatchSize, x.SequenceLength, x.Provider,
                        Throughput = new { Value = x.ThroughputValue, Unit = x.ThroughputUnit },
                        LatencyMs = new { Mean = x.LatencyMeanMs, P50 = x.LatencyP50Ms, P95 = x.LatencyP95Ms, P99 = x.LatencyP99Ms },
                        x.Valid, x.InvalidReason,
                    }),
                });
                await Console.Out.WriteLineAsync(PlannerJson.Serialize(rows));
                return ExitCodes.Ok;
            }
            await Console.Out.WriteAsync(TextTable.Render(["run", "started (UTC)", "profile", "device", "fingerprint", "results", "models"],
                list.Select(r => (IReadOnlyList<string>)[r.RunId, TextTable.Time(r.StartedAt), r.Profile + (r.Partial ? " (partial)" : ""), r.Device, r.FingerprintId,
                    r.Results.Count.ToString(CultureInfo.InvariantCulture), string.Join(", ", r.Results.Select(x => x.Model).Distinct())])));
            return ExitCodes.Ok;
        });
        return runs;
    }
}
