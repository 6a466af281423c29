using System.CommandLine;
using System.Text.Json;
using Planner.Benchmarks.Results;
using Planner.CostModel;

namespace Planner.Cli.Commands;

/// <summary><c>planner bench compare A.json B.json</c>: throughput ratio B/A per matched result with its 95% interval (<see cref="ThroughputInterval"/>) and whether the change is significant.</summary>
internal static class BenchCompareCommand
{
    public static Command Create()
    {
        var a = new Argument<FileInfo>("a") { Description = "Baseline results JSON." };
        var b = new Argument<FileInfo>("b") { Description = "Results JSON to compare with the baseline." };
        var format = FormatOption.Create(["table", "json"], "table or json.");
        var compare = new Command("compare", "Compare two results files: ratio B/A of throughput with its 95% interval (Welch's t on log latencies); 'no significant difference' when the interval spans 1.");
        compare.Arguments.Add(a);
        compare.Arguments.Add(b);
        compare.Options.Add(format);
        compare.SetAction(parseResult =>
        {
            var runA = BenchmarkResultsJson.Read(parseResult.GetValue(a)!.FullName);
            var runB = BenchmarkResultsJson.Read(parseResult.GetValue(b)!.FullName);
            var comparison = ResultComparer.Compare(runA, runB);
            if (comparison.Matched.Count == 0 && comparison.ServingMatched.Count == 0)
            {
                throw new NoResultException("The two runs have no results in common (matched by model, preset, precision, task, phase, batch, sequence, context and provider; serving results by source, model, preset, provider, load and batch limit).");
            }
            if (parseResult.GetValue(format) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(comparison, BenchmarkResultsJson.SerializerOptions));
            }
            else
            {
                BenchTables.WriteComparison(comparison);
            }
            return ExitCodes.Ok;
        });
        return compare;
    }
}
