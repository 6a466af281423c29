using System.CommandLine;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.Reports;

namespace Planner.Cli.Commands;

/// <summary><c>planner evaluate FILE|ID [--format json|table|csv] [--out FILE]</c>.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario JSON file, or the id of a stored scenario (planner scenario list)" };
        var format = FormatOption.Create(["json", "table", "csv"], "json (default), table or csv (monthly cash flows)");
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var command = new Command("evaluate", "Evaluate a scenario: cash flows, present values, comparison with the baseline, tornado.")
        {
            scenario, format, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var evaluation = (await ScenarioSource.LoadAsync(parse.GetRequiredValue(scenario), ct)).Evaluation;
            var text = parse.GetValue(format) switch
            {
                "table" => EvaluationTable.Render(evaluation),
                "csv" => CsvReport.CashFlows(evaluation),
                _ => PlannerJson.SerializeEvaluation(evaluation) + Environment.NewLine,
            };
            await Output.WriteAsync(parse.GetValue(output), text, ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
