using System.CommandLine;
using Planner.CostModel.Json;
using Planner.CostModel.Uncertainty;

namespace Planner.Cli.Commands;

/// <summary><c>planner simulate FILE [--trials N] [--seed S] [--format json|table] [--out FILE]</c>.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario JSON file with distributions on some inputs" };
        var trials = new Option<int>("--trials")
        {
            Description = $"Number of trials, {SimulationSettings.MinTrials} to {SimulationSettings.MaxTrials:N0} (default {SimulationSettings.DefaultTrials:N0})",
            DefaultValueFactory = _ => SimulationSettings.DefaultTrials,
        };
        var seed = new Option<long>("--seed")
        {
            Description = $"Random seed; the same seed gives the same result on any machine and thread count (default {SimulationSettings.DefaultSeed})",
            DefaultValueFactory = _ => SimulationSettings.DefaultSeed,
        };
        var format = new Option<string>("--format") { Description = "json (default) or table", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table");
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var command = new Command("simulate", "Monte Carlo over the scenario's uncertain inputs: percentiles of present value and NPV savings, odds of each option being cheapest, rank-correlation tornado.")
        {
            scenario, trials, seed, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = ScenarioJson.ReadFile(parse.GetRequiredValue(scenario));
            var settings = new SimulationSettings { Trials = parse.GetValue(trials), Seed = parse.GetValue(seed) };
            using var progress = Console.IsErrorRedirected ? null : new StderrProgress();
            var result = await Task.Run(() => MonteCarlo.Run(loaded, settings, progress, ct), ct);
            progress?.Finish();
            var text = parse.GetValue(format) == "table"
                ? SimulationTable.Render(result)
                : PlannerJson.Serialize(result) + Environment.NewLine;
            await Output.WriteAsync(parse.GetValue(output), text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A one-line percentage on standard error, rewritten in place; only used when standard error is a terminal.</summary>
    private sealed class StderrProgress : IProgress<double>, IDisposable
    {
        private readonly Lock _gate = new();
        private int _shown = -1;
        private bool _done;

        public void Report(double value)
        {
            var percent = (int)Math.Floor(100 * value);
            lock (_gate)
            {
                if (_done || percent <= _shown)
                {
                    return;
                }
                _shown = percent;
                Console.Error.Write($"\rSimulating... {percent,3}%");
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                if (!_done && _shown >= 0)
                {
                    Console.Error.Write("\r" + new string(' ', 20) + "\r");
                }
                _done = true;
            }
        }

        public void Dispose() => Finish();
    }
}
