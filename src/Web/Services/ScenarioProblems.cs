using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Services;

/// <summary>Places the CLI's problem lines next to editor fields: each line starts with the JSON path it is about.</summary>
public static class ScenarioProblems
{
    /// <summary>The problem lines about the field at <paramref name="jsonPath"/> (e.g. "options[1].gpuHourPrice"), joined; null when none.</summary>
    public static string? At(IReadOnlyList<string> problems, string jsonPath)
    {
        var lines = problems.Where(p => IsAbout(p, jsonPath)).ToList();
        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }

    /// <summary>Problems that belong to no field the editor shows (sensitivity ranges, correlations, unresolved references...).</summary>
    public static IReadOnlyList<string> OutsideFields(Scenario scenario, IReadOnlyList<string> problems)
    {
        var paths = EditorPaths(scenario);
        return problems.Where(p => !paths.Any(path => IsAbout(p, path))).ToList();
    }

    /// <summary>The JSON paths of every field the editor shows.</summary>
    public static IReadOnlyList<string> EditorPaths(Scenario scenario) =>
    [
        "name", "currency", "baseline", "options",
        .. scenario.Options.Select((_, i) => $"options[{i}].id"),
        .. ScenarioInputs.List(scenario).Select(i => i.JsonPath),
    ];

    private static bool IsAbout(string problem, string jsonPath) =>
        problem.StartsWith(jsonPath, StringComparison.Ordinal)
        && problem.Length > jsonPath.Length
        && problem[jsonPath.Length] == ' ';
}
