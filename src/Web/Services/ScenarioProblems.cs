using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Reports.Localization;

namespace Planner.Web.Services;

/// <summary>Places the CLI's problem lines next to editor fields, by each problem's JSON path, in the interface language (<see cref="CostModelText.Problem"/>).</summary>
public static class ScenarioProblems
{
    /// <summary>The problem lines about the field at <paramref name="jsonPath"/> (e.g. "options[1].gpuHourPrice"), joined; null when none.</summary>
    public static string? At(IReadOnlyList<InputProblem> problems, string jsonPath)
    {
        var lines = problems.Where(p => p.Path == jsonPath).Select(p => CostModelText.Problem(p)).ToList();
        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }

    /// <summary>Problems that belong to no field the editor shows (sensitivity ranges, correlations, unresolved references...).</summary>
    public static IReadOnlyList<string> OutsideFields(Scenario scenario, IReadOnlyList<InputProblem> problems)
    {
        var paths = EditorPaths(scenario).ToHashSet(StringComparer.Ordinal);
        return problems.Where(p => !paths.Contains(p.Path)).Select(p => CostModelText.Problem(p)).ToList();
    }

    /// <summary>The JSON paths of every field the editor shows.</summary>
    public static IReadOnlyList<string> EditorPaths(Scenario scenario) =>
    [
        "name", "currency", "baseline", "options",
        .. scenario.Options.Select((_, i) => $"options[{i}].id"),
        .. ScenarioInputs.List(scenario).Select(i => i.JsonPath),
    ];
}
