using System.CommandLine;
using Planner.CostModel.Json;
using Planner.CostModel.Uncertainty;

namespace Planner.Cli.Commands;

/// <summary><c>planner simulate FILE|ID [--trials N] [--seed S] [--format json|table] [--out FILE]</c>.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario JSON file with distributions on some inputs, or the id of a stored scenario (planner scenario list)" };
        var simulation = new SimulationOptions();
        var format = FormatOption.Create(["json", "table"]);
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var command = new Command("simulate", "Monte Carlo over the scenario's uncertain inputs: percentiles of present value and NPV savings, odds of each option being cheapest, rank-correlation tornado.")
        {
            scenario, simulation.Trials, simulation.Seed, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var loaded = await ScenarioSource.LoadAsync(parse.GetRequiredValue(scenario), ct);
            var settings = simulation.Settings(parse);
            using var progress = StderrProgress.ForTerminal("Simulating");
            var result = await Task.Run(() => MonteCarlo.Run(loaded.Scenario, settings, progress, ct), ct);
            progress?.Finish();
            var text = parse.GetValue(format) == "table"
                ? SimulationTable.Render(result)
                : PlannerJson.Serialize(result) + Environment.NewLine;
            await Output.WriteAsync(parse.GetValue(output), text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
