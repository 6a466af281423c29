using Microsoft.Extensions.Options;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Services;

/// <summary>A scenario file from examples/ that a user can start from.</summary>
public sealed record ScenarioTemplate(string Key, Scenario Scenario);

/// <summary>The "new scenario from template" source: every valid examples/*.json shipped with the app.</summary>
public sealed class ScenarioTemplates(IOptions<PlannerWebOptions> options)
{
    private readonly string _folder = options.Value.ExamplesPath;

    public IReadOnlyList<ScenarioTemplate> List()
    {
        if (!Directory.Exists(_folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(_folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new ScenarioTemplate(Path.GetFileNameWithoutExtension(path), ScenarioJson.ReadFile(path)))
            .ToList();
    }

    /// <summary>The template with this key (the file name without .json), or null.</summary>
    public ScenarioTemplate? Find(string key) => List().FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));
}
