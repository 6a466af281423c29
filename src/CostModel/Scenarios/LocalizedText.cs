using System.Globalization;

namespace Planner.CostModel.Scenarios;

/// <summary>A scenario's name and description in another language (the scenario's own are English).</summary>
public sealed record LocalizedText(string Name, string? Description = null);

/// <summary>
/// The languages a scenario's name and description may be translated into (the JSON's <c>localized</c> object;
/// docs/scenario-format.md, docs/decisions/026-report-language.md), and how a user interface culture picks one.
/// </summary>
public static class ScenarioLanguages
{
    /// <summary>The language tags <c>localized</c> accepts: the interface languages other than English.</summary>
    public static readonly IReadOnlyList<string> Tags = ["zh-CN"];

    /// <summary>
    /// The scenario's name and description for <paramref name="culture"/>: its translation into that culture (the tag
    /// itself, or another tag of the same language: zh-Hans picks zh-CN), else the scenario's own. A translation without
    /// a description keeps the scenario's own description.
    /// </summary>
    public static LocalizedText TextFor(Scenario scenario, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(culture);
        var own = new LocalizedText(scenario.Name, scenario.Description);
        if (scenario.Localized.Count == 0 || string.IsNullOrEmpty(culture.Name))
        {
            return own;
        }
        var match = scenario.Localized.TryGetValue(culture.Name, out var exact)
            ? exact
            : scenario.Localized.Where(l => CultureInfo.GetCultureInfo(l.Key).TwoLetterISOLanguageName == culture.TwoLetterISOLanguageName)
                .Select(l => l.Value).FirstOrDefault();
        return match is null ? own : match with { Description = match.Description ?? scenario.Description };
    }
}
