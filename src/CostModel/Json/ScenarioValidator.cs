using System.Text.RegularExpressions;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Json;

/// <summary>
/// Checks a scenario however it was made (read from JSON, built by the web editor, resolved from references):
/// every numeric input in its range, required inputs present, ids unique, keys that exist.
/// </summary>
public static partial class ScenarioValidator
{
    private static readonly HashSet<string> ReservedIds = ["workload", "benefits", "horizonMonths", "discountRateAnnual"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    /// <summary>One line per problem; empty when the scenario can be evaluated.</summary>
    public static IReadOnlyList<string> Validate(Scenario scenario, bool allowUnresolvedReferences = false)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            problems.Add("name is required");
        }
        if (!CurrencyPattern().IsMatch(scenario.Currency))
        {
            problems.Add($"currency must be a three-letter ISO 4217 code such as USD (got \"{scenario.Currency}\")");
        }
        if (scenario.Options.Count == 0)
        {
            problems.Add("options must list at least one option");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var id = scenario.Options[i].Id;
            if (!IdPattern().IsMatch(id) || ReservedIds.Contains(id))
            {
                problems.Add($"options[{i}].id must be 1-64 letters, digits, '-' or '_' and not a reserved word (got \"{id}\")");
            }
            else if (!ids.Add(id))
            {
                problems.Add($"options[{i}].id \"{id}\" is used by an earlier option; ids must be unique");
            }
        }
        if (scenario.Options.Count > 0 && scenario.FindOption(scenario.Baseline) is null)
        {
            problems.Add($"baseline must be the id of an option ({string.Join(", ", scenario.Options.Select(o => o.Id))}) (got \"{scenario.Baseline}\")");
        }

        var inputs = ScenarioInputs.List(scenario);
        foreach (var input in inputs)
        {
            var value = input.Get(scenario);
            if (double.IsNaN(value))
            {
                if (IsRequired(input.Field, scenario))
                {
                    var option = input.OptionId is null ? null : scenario.FindOption(input.OptionId);
                    var reference = option is null || input.Field.SuppliedBy is null ? null : ReferenceText(option.References, input.Field.SuppliedBy);
                    if (reference is not null)
                    {
                        if (!allowUnresolvedReferences)
                        {
                            problems.Add($"{input.JsonPath} comes from {input.Field.SuppliedBy} {reference}, which was not resolved (references are resolved against the Planner store)");
                        }
                    }
                    else
                    {
                        var alternative = input.Field.SuppliedBy is null ? "" : $", or give {input.Field.SuppliedBy}";
                        problems.Add($"{input.JsonPath} is required ({input.Field.Range.Describe()}{alternative})");
                    }
                }
                continue;
            }
            if (!input.Field.Range.Contains(value))
            {
                problems.Add($"{input.JsonPath} {input.Field.Range.Describe()} (got {ScenarioJson.Format(value)})");
            }
        }

        for (var i = 0; i < scenario.Options.Count; i++)
        {
            if (scenario.Options[i] is OnPremOption { ServerIdlePowerKw: { } idle } onPrem && idle > onPrem.ServerPowerKw)
            {
                problems.Add($"options[{i}].serverIdlePowerKw must be <= serverPowerKw ({ScenarioJson.Format(onPrem.ServerPowerKw)}) (got {ScenarioJson.Format(idle)})");
            }
        }

        var keys = inputs.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var key in scenario.Sensitivity.Ranges.Keys.Where(k => keys.Contains(k) && k.StartsWith("benefits.", StringComparison.Ordinal)))
        {
            problems.Add($"sensitivity.ranges[\"{key}\"] names a benefit input, which cannot move the tornado's metric (cost present values)");
        }
        foreach (var key in scenario.Sensitivity.Ranges.Keys.Where(k => !keys.Contains(k)))
        {
            problems.Add($"sensitivity.ranges[\"{key}\"] names no input of this scenario (inputs are named like workload.requestsPerMonth or {scenario.Options.FirstOrDefault()?.Id ?? "optionId"}.setupCost)");
        }
        foreach (var (key, range) in scenario.Sensitivity.Ranges)
        {
            if (!(range.Low <= range.High))
            {
                problems.Add($"sensitivity.ranges[\"{key}\"].low must be <= high (got {ScenarioJson.Format(range.Low)} > {ScenarioJson.Format(range.High)})");
            }
        }
        if (!(scenario.Sensitivity.LowFactor >= 0 && scenario.Sensitivity.LowFactor <= 1))
        {
            problems.Add($"sensitivity.lowFactor must be >= 0 and <= 1 (got {ScenarioJson.Format(scenario.Sensitivity.LowFactor)})");
        }
        if (!(scenario.Sensitivity.HighFactor >= 1 && scenario.Sensitivity.HighFactor <= 10))
        {
            problems.Add($"sensitivity.highFactor must be >= 1 and <= 10 (got {ScenarioJson.Format(scenario.Sensitivity.HighFactor)})");
        }

        var uncertainKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uncertain in scenario.Uncertainties)
        {
            if (!keys.Contains(uncertain.Key))
            {
                problems.Add($"an uncertain input names no input of this scenario: {uncertain.Key}");
            }
            uncertainKeys.Add(uncertain.Key);
        }
        for (var i = 0; i < scenario.Correlations.Count; i++)
        {
            var correlation = scenario.Correlations[i];
            foreach (var key in new[] { correlation.First, correlation.Second }.Where(k => !uncertainKeys.Contains(k)))
            {
                problems.Add($"correlations[{i}].inputs names \"{key}\", which is not an input with a distribution");
            }
            if (correlation.First == correlation.Second)
            {
                problems.Add($"correlations[{i}].inputs must name two different inputs");
            }
            if (!(correlation.Coefficient >= -1 && correlation.Coefficient <= 1))
            {
                problems.Add($"correlations[{i}].rank must be >= -1 and <= 1 (got {ScenarioJson.Format(correlation.Coefficient)})");
            }
        }
        return problems;
    }

    /// <summary>Throws <see cref="InputException"/> listing every problem.</summary>
    public static void EnsureValid(Scenario scenario)
    {
        var problems = Validate(scenario);
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
    }

    private static bool IsRequired(InputField field, Scenario scenario) => field.Requirement switch
    {
        Requirement.Required => true,
        Requirement.RequiredWithInputTokens => scenario.Workload.InputTokensPerRequest > 0,
        Requirement.RequiredWithOutputTokens => scenario.Workload.OutputTokensPerRequest > 0,
        _ => false,
    };

    private static string? ReferenceText(OptionReferences references, string kind) => kind switch
    {
        "gpu" => references.Gpu is { } gpu ? $"\"{gpu}\"" : null,
        "cloudOffer" => references.CloudOffer is { } offer ? $"\"{offer}\"" : null,
        "apiPrice" => references.ApiPrice is { } price ? $"\"{price}\"" : null,
        "throughputFrom" => references.ThroughputFrom is { } from
            ? from.Projection is { } p ? $"(projection of {p.Model} on {p.Gpus}x {p.Gpu})" : $"(run {from.Run}, {from.Model})"
            : null,
        _ => null,
    };
}
