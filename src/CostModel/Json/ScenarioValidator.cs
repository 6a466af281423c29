using System.Globalization;
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

    /// <summary>Every problem, each at its JSON path; empty when the scenario can be evaluated.</summary>
    public static IReadOnlyList<InputProblem> Validate(Scenario scenario, bool allowUnresolvedReferences = false) =>
        Validate(scenario, ScenarioInputs.List(scenario), allowUnresolvedReferences);

    /// <summary>As <see cref="Validate(Scenario, bool)"/>, with the scenario's inputs (<see cref="ScenarioInputs.List"/>) already listed.</summary>
    internal static IReadOnlyList<InputProblem> Validate(Scenario scenario, IReadOnlyList<ScenarioInput> inputs, bool allowUnresolvedReferences)
    {
        var problems = new List<InputProblem>();
        CheckIdentity(scenario, problems);
        CheckInputs(scenario, inputs, allowUnresolvedReferences, problems);
        problems.AddRange(DemandShape.Problems(scenario.Workload));
        CheckServedModel(scenario, problems);
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var option = scenario.Options[i];
            problems.AddRange(OptionKinds.Of(option.Kind).Rules(option, scenario, $"options[{i}]"));
        }
        var keys = inputs.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        CheckSensitivity(scenario, keys, problems);
        CheckUncertainty(scenario, keys, problems);
        return problems;
    }

    /// <summary>Throws <see cref="InputException"/> listing every problem.</summary>
    public static void EnsureValid(Scenario scenario) => EnsureValid(scenario, ScenarioInputs.List(scenario));

    /// <summary>As <see cref="EnsureValid(Scenario)"/>, with the scenario's inputs already listed.</summary>
    internal static void EnsureValid(Scenario scenario, IReadOnlyList<ScenarioInput> inputs)
    {
        var problems = Validate(scenario, inputs, allowUnresolvedReferences: false);
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
    }

    /// <summary>Name, currency, option ids and the baseline.</summary>
    private static void CheckIdentity(Scenario scenario, List<InputProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            problems.Add(InputProblem.At("name", "is required"));
        }
        CheckLength("name", scenario.Name, Limits.NameLength, problems);
        CheckLength("description", scenario.Description, Limits.TextLength, problems);
        foreach (var (language, text) in scenario.Localized)
        {
            var path = $"localized[\"{Shorten(language)}\"]";
            if (!ScenarioLanguages.Tags.Contains(language, StringComparer.Ordinal))
            {
                problems.Add(InputProblem.At(path, $"is not a language a scenario is translated into (known: {string.Join(", ", ScenarioLanguages.Tags)})"));
            }
            if (string.IsNullOrWhiteSpace(text.Name))
            {
                problems.Add(InputProblem.At(path + ".name", "is required"));
            }
            CheckLength(path + ".name", text.Name, Limits.NameLength, problems);
            CheckLength(path + ".description", text.Description, Limits.TextLength, problems);
        }
        CheckLength("notes", scenario.Notes, Limits.TextLength, problems);
        if (!Currencies.IsKnown(scenario.Currency))
        {
            problems.Add(InputProblem.At("currency", $"must be an ISO 4217 currency code such as USD, EUR or GBP (got \"{Shorten(scenario.Currency)}\")"));
        }
        if (scenario.Options.Count == 0)
        {
            problems.Add(InputProblem.At("options", "must list at least one option"));
        }
        if (scenario.Options.Count > Limits.OptionsPerScenario)
        {
            problems.Add(InputProblem.At("options", $"must list at most {Limits.OptionsPerScenario} options (got {scenario.Options.Count})"));
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var id = scenario.Options[i].Id;
            CheckLength($"options[{i}].name", scenario.Options[i].Name, Limits.NameLength, problems);
            if (!IdPattern().IsMatch(id) || ReservedIds.Contains(id))
            {
                problems.Add(InputProblem.At($"options[{i}].id", $"must be 1-64 letters, digits, '-' or '_' and not a reserved word (got \"{Shorten(id)}\")"));
            }
            else if (!ids.Add(id))
            {
                problems.Add(InputProblem.At($"options[{i}].id", $"\"{id}\" is used by an earlier option; ids must be unique"));
            }
        }
        if (scenario.Options.Count > 0 && scenario.FindOption(scenario.Baseline) is null)
        {
            problems.Add(InputProblem.At("baseline", $"must be the id of an option ({string.Join(", ", scenario.Options.Select(o => o.Id))}) (got \"{scenario.Baseline}\")"));
        }
    }

    /// <summary>Every numeric input in its range; required inputs present or supplied by a reference.</summary>
    private static void CheckInputs(Scenario scenario, IReadOnlyList<ScenarioInput> inputs, bool allowUnresolvedReferences, List<InputProblem> problems)
    {
        foreach (var input in inputs)
        {
            var value = input.Get(scenario);
            if (!double.IsNaN(value))
            {
                if (!input.Field.Range.Contains(value))
                {
                    problems.Add(InputProblem.At(input.JsonPath, $"{input.Field.Range.Describe()} (got {ScenarioJson.Format(value)})"));
                }
                else if (input.Field.IsInteger && value != Math.Round(value))
                {
                    problems.Add(InputProblem.At(input.JsonPath, $"must be a whole number (got {ScenarioJson.Format(value)})"));
                }
                continue;
            }
            if (!IsRequired(input.Field, scenario))
            {
                continue;
            }
            var option = input.OptionId is null ? null : scenario.FindOption(input.OptionId);
            var suppliedBy = input.Field.SuppliedBy;
            var reference = option is null || suppliedBy is not { } field ? null : option.References.Describe(field);
            if (reference is null)
            {
                var alternative = suppliedBy is { } by ? $", or give {by.JsonName()}" : "";
                problems.Add(InputProblem.At(input.JsonPath, $"is required ({input.Field.Range.Describe()}{alternative})"));
            }
            else if (!allowUnresolvedReferences)
            {
                problems.Add(InputProblem.At(input.JsonPath, $"comes from {suppliedBy!.Value.JsonName()} {reference}, which was not resolved (references are resolved against the Planner store)"));
            }
        }
    }

    /// <summary>The workload's served model and every throughputFrom's override reason: present text within bounds.</summary>
    private static void CheckServedModel(Scenario scenario, List<InputProblem> problems)
    {
        var workload = scenario.Workload;
        if (workload.Model is { } model && (string.IsNullOrWhiteSpace(model) || model.Length > Limits.NameLength))
        {
            problems.Add(InputProblem.At("workload.model", $"must be a models catalog name (e.g. llama-3-70b) or a label of 1 to {Limits.NameLength} characters (got {model.Length} characters{(model.Length == 0 ? "" : $": \"{Shorten(model)}\"")})"));
        }
        if (workload.ModelParametersBillions is { } billions && !(billions > 0 && billions <= Workload.MaxModelParametersBillions))
        {
            problems.Add(InputProblem.At("workload.modelParametersBillions",
                $"must be > 0 and <= {Workload.MaxModelParametersBillions.ToString("N0", CultureInfo.InvariantCulture)} (billions of parameters: 70 for a 70B model) (got {ScenarioJson.Format(billions)})"));
        }
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            if (scenario.Options[i].References.ThroughputFrom?.OverrideModelSize is { } reason
                && (string.IsNullOrWhiteSpace(reason) || reason.Length > Limits.OverrideReasonLength))
            {
                problems.Add(InputProblem.At($"options[{i}].throughputFrom.overrideModelSize",
                    $"must give the reason in 1 to {Limits.OverrideReasonLength} characters (got {(string.IsNullOrWhiteSpace(reason) ? 0 : reason.Length)} characters)"));
            }
        }
    }

    private static void CheckSensitivity(Scenario scenario, HashSet<string> keys, List<InputProblem> problems)
    {
        foreach (var key in scenario.Sensitivity.Ranges.Keys.Where(k => !keys.Contains(k)))
        {
            problems.Add(InputProblem.At($"sensitivity.ranges[\"{key}\"]", $"names no input of this scenario (inputs are named like workload.requestsPerMonth or {scenario.Options.FirstOrDefault()?.Id ?? "optionId"}.setupCost)"));
        }
        var fields = new Dictionary<string, InputField>(StringComparer.Ordinal);
        foreach (var input in ScenarioInputs.List(scenario))
        {
            fields.TryAdd(input.Key, input.Field); // duplicate option ids are reported by CheckIdentity
        }
        foreach (var (key, range) in scenario.Sensitivity.Ranges)
        {
            if (!(range.Low <= range.High))
            {
                problems.Add(InputProblem.At($"sensitivity.ranges[\"{key}\"].low", $"must be <= high (got {ScenarioJson.Format(range.Low)} > {ScenarioJson.Format(range.High)})"));
            }
            if (fields.TryGetValue(key, out var field))
            {
                foreach (var (end, value) in new[] { ("low", range.Low), ("high", range.High) }.Where(e => !field.Range.Contains(e.Item2)))
                {
                    problems.Add(InputProblem.At($"sensitivity.ranges[\"{key}\"].{end}", $"{field.Range.Describe()}, the input's own range (got {ScenarioJson.Format(value)})"));
                }
            }
        }
        if (!(scenario.Sensitivity.LowFactor >= 0 && scenario.Sensitivity.LowFactor <= 1))
        {
            problems.Add(InputProblem.At("sensitivity.lowFactor", $"must be >= 0 and <= 1 (got {ScenarioJson.Format(scenario.Sensitivity.LowFactor)})"));
        }
        if (!(scenario.Sensitivity.HighFactor >= 1 && scenario.Sensitivity.HighFactor <= 10))
        {
            problems.Add(InputProblem.At("sensitivity.highFactor", $"must be >= 1 and <= 10 (got {ScenarioJson.Format(scenario.Sensitivity.HighFactor)})"));
        }
    }

    private static void CheckUncertainty(Scenario scenario, HashSet<string> keys, List<InputProblem> problems)
    {
        var uncertainKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uncertain in scenario.Uncertainties)
        {
            if (!keys.Contains(uncertain.Key))
            {
                problems.Add(InputProblem.General($"an uncertain input names no input of this scenario: {uncertain.Key}"));
            }
            uncertainKeys.Add(uncertain.Key);
        }
        for (var i = 0; i < scenario.Correlations.Count; i++)
        {
            var correlation = scenario.Correlations[i];
            foreach (var key in new[] { correlation.First, correlation.Second }.Where(k => !uncertainKeys.Contains(k)))
            {
                problems.Add(InputProblem.At($"correlations[{i}].inputs", $"names \"{key}\", which is not an input with a distribution"));
            }
            if (correlation.First == correlation.Second)
            {
                problems.Add(InputProblem.At($"correlations[{i}].inputs", "must name two different inputs"));
            }
            if (!(correlation.Coefficient >= -1 && correlation.Coefficient <= 1))
            {
                problems.Add(InputProblem.At($"correlations[{i}].rank", $"must be >= -1 and <= 1 (got {ScenarioJson.Format(correlation.Coefficient)})"));
            }
        }
    }

    private static void CheckLength(string path, string? text, int limit, List<InputProblem> problems)
    {
        if (text is not null && text.Length > limit)
        {
            problems.Add(InputProblem.At(path, $"must be at most {limit.ToString("N0", CultureInfo.InvariantCulture)} characters (got {text.Length.ToString("N0", CultureInfo.InvariantCulture)})"));
        }
    }

    /// <summary>A value quoted in a message, cut short so that a huge value never makes a huge message.</summary>
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static bool IsRequired(InputField field, Scenario scenario) => field.Requirement switch
    {
        Requirement.Optional => false,
        Requirement.Required => true,
        Requirement.RequiredWithInputTokens => scenario.Workload.InputTokensPerRequest > 0,
        Requirement.RequiredWithOutputTokens => scenario.Workload.OutputTokensPerRequest > 0,
    };
}
