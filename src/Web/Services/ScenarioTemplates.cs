using System.Globalization;
using Microsoft.Extensions.Options;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Services;

/// <summary>A scenario file from examples/ that a user can start from.</summary>
public sealed record ScenarioTemplate(string Key, Scenario Scenario)
{
    /// <summary>The template's name and description in <paramref name="culture"/> (its translation, else its own).</summary>
    public LocalizedText TextFor(CultureInfo culture) => ScenarioLanguages.TextFor(Scenario, culture);

    /// <summary>
    /// The template as a user of <paramref name="culture"/> starts from it: named and described in that language, and
    /// without translations, since the new scenario is the user's to rename (a kept translation would go stale).
    /// </summary>
    public ScenarioTemplate In(CultureInfo culture)
    {
        var text = TextFor(culture);
        return this with
        {
            Scenario = Scenario with { Name = text.Name, Description = text.Description, Localized = new Dictionary<string, LocalizedText>() },
        };
    }
}

/// <summary>
/// The "new scenario from template" source: every valid examples/*.json shipped with the app. They ship with the app
/// and do not change while it runs, so they are read once (the editor asked for them on every page before: eight
/// files parsed per view; docs/performance.md, "Editor page under 64 users").
/// </summary>
public sealed class ScenarioTemplates(IOptions<PlannerWebOptions> options)
{
    private readonly Lazy<IReadOnlyList<ScenarioTemplate>> _templates = new(() => Read(options.Value.ExamplesPath));

    public IReadOnlyList<ScenarioTemplate> List() => _templates.Value;

    private static IReadOnlyList<ScenarioTemplate> Read(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return Directory.EnumerateFiles(folder, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => new ScenarioTemplate(Path.GetFileNameWithoutExtension(path), ScenarioJson.ReadFile(path)))
            .ToList();
    }

    /// <summary>The template with this key (the file name without .json), or null.</summary>
    public ScenarioTemplate? Find(string key) => List().FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal));
}
