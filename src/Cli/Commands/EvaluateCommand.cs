using System.CommandLine;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Data;
using Planner.Data.Scenarios;

namespace Planner.Cli.Commands;

/// <summary><c>planner evaluate FILE|ID [--format json|table|csv] [--out FILE]</c>.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario JSON file, or the id of a stored scenario (planner scenario list)" };
        var format = new Option<string>("--format") { Description = "json (default), table or csv (monthly cash flows)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "table", "csv");
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var command = new Command("evaluate", "Evaluate a scenario: cash flows, present values, comparison with the baseline, tornado.")
        {
            scenario, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var evaluation = CostEngine.Evaluate(await LoadAsync(parse.GetRequiredValue(scenario), ct));
            var text = parse.GetValue(format) switch
            {
                "table" => EvaluationTable.Render(evaluation),
                "csv" => CashFlowCsv.Write(evaluation),
                _ => PlannerJson.SerializeEvaluation(evaluation) + Environment.NewLine,
            };
            await Output.WriteAsync(parse.GetValue(output), text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// A file is read directly and opens the store (PLANNER_DB) only when it names catalog rows or benchmark results;
    /// an argument that is no file but could be a scenario id is looked up in the store.
    /// </summary>
    private static async Task<Scenario> LoadAsync(string fileOrId, CancellationToken ct)
    {
        if (File.Exists(fileOrId) || !ScenarioStore.LooksLikeId(fileOrId))
        {
            var scenario = ScenarioJson.ReadFile(fileOrId);
            if (!ScenarioResolver.HasReferences(scenario))
            {
                return scenario;
            }
            await using var fileStore = await PlannerStore.OpenFromEnvironmentAsync(ct);
            return await fileStore.Resolver.ResolveAsync(scenario, ct);
        }
        await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
        return await store.Evaluation.ResolveAsync(fileOrId, ct);
    }
}
