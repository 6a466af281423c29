using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
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

    /// <summary>
    /// The JSON paths of every field the editor shows: the scenario's own, each option's id, every numeric input with the
    /// parameters of the distribution it carries, the served model, the correlations and the hourly profiles with each of their hours.
    /// </summary>
    public static IReadOnlyList<string> EditorPaths(Scenario scenario)
    {
        var inputs = ScenarioInputs.List(scenario);
        var paths = inputs.GroupBy(i => i.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().JsonPath, StringComparer.Ordinal);
        return
        [
            "name", "currency", "baseline", "options",
            .. scenario.Options.Select((_, i) => $"options[{i}].id"),
            .. inputs.Select(i => i.JsonPath),
            .. scenario.Uncertainties.Where(u => paths.ContainsKey(u.Key))
                .SelectMany(u => Distribution.ParametersOf(u.Distribution.Kind).Prepend("distribution").Select(p => $"{paths[u.Key]}.{p}")),
            .. ServedModelPaths,
            "correlations",
            .. scenario.Correlations.SelectMany((_, i) => new[] { $"correlations[{i}]", $"correlations[{i}].inputs", $"correlations[{i}].rank" }),
            .. ProfilePaths("workload.hourlyShares", scenario.Workload.HourlyShares),
            .. ProfilePaths("workload.weekendHourlyShares", scenario.Workload.WeekendHourlyShares),
        ];
    }

    /// <summary>The served model's fields (ADR 030).</summary>
    public static readonly IReadOnlyList<string> ServedModelPaths = ["workload.model", "workload.modelParametersBillions"];

    /// <summary>A profile's path and each of its hours' ("workload.hourlyShares[7]").</summary>
    private static IEnumerable<string> ProfilePaths(string path, IReadOnlyList<double>? shares) =>
        [path, .. Enumerable.Range(0, shares?.Count ?? 0).Select(h => $"{path}[{h}]")];
}
