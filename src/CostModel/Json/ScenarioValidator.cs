using System.Globalization;
using System.Text.RegularExpressions;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Json;

/// <summary>
/// Checks a scenario however it was made (read from JSON, built by the web editor, resolved from references):
/// every numeric input in its range, required inputs present, ids unique, keys that exist.
/// </summary>
public static partial class ScenarioValidator
{
    private static readonly HashSet<string> ReservedIds = ["workload", "benefits", "horizonMonths", "discountRateAnnual"];

    private static readonly PhraseTemplate NotWhole = new("problem.notWhole", "must be a whole number (got {0})");
    private static readonly PhraseTemplate Required = new("problem.required", "is required ({0})");
    private static readonly PhraseTemplate RequiredOrReference = new("problem.requiredOrReference", "is required ({0}, or give {1})");
    private static readonly PhraseTemplate Unresolved = new("problem.unresolved",
        "comes from {0} {1}, which was not resolved (references are resolved against the Planner store)");
    internal static readonly PhraseTemplate UnknownLanguage = new("problem.unknownLanguage", "is not a language a scenario is translated into (known: {0})");
    private static readonly PhraseTemplate UnknownCurrency = new("problem.unknownCurrency", "must be an ISO 4217 currency code such as USD, EUR or GBP (got \"{0}\")");
    private static readonly PhraseTemplate NoOptions = new("problem.noOptions", "must list at least one option");
    private static readonly PhraseTemplate TooManyOptions = new("problem.tooManyOptions", "must list at most {0} options (got {1})");
    private static readonly PhraseTemplate BadId = new("problem.badId", "must be 1-64 letters, digits, '-' or '_' and not a reserved word (got \"{0}\")");
    private static readonly PhraseTemplate DuplicateId = new("problem.duplicateId", "\"{0}\" is used by an earlier option; ids must be unique");
    private static readonly PhraseTemplate UnknownBaseline = new("problem.unknownBaseline", "must be the id of an option ({0}) (got \"{1}\")");
    private static readonly PhraseTemplate BadModelEmpty = new("problem.badModelEmpty",
        "must be a models catalog name (e.g. llama-3-70b) or a label of 1 to {0} characters (got 0 characters)");
    private static readonly PhraseTemplate BadModel = new("problem.badModel",
        "must be a models catalog name (e.g. llama-3-70b) or a label of 1 to {0} characters (got {1} characters: \"{2}\")");
    private static readonly PhraseTemplate BadParameters = new("problem.badParameters",
        "must be > 0 and <= {0} (billions of parameters: 70 for a 70B model) (got {1})");
    private static readonly PhraseTemplate BadOverrideReason = new("problem.badOverrideReason", "must give the reason in 1 to {0} characters (got {1} characters)");
    private static readonly PhraseTemplate UnknownSensitivityInput = new("problem.unknownSensitivityInput",
        "names no input of this scenario (inputs are named like workload.requestsPerMonth or {0}.setupCost)");
    private static readonly PhraseTemplate LowAboveHigh = new("problem.lowAboveHigh", "must be <= high (got {0} > {1})");
    private static readonly PhraseTemplate OutsideOwnRange = new("problem.outsideOwnRange", "{0}, the input's own range (got {1})");
    private static readonly PhraseTemplate UnknownUncertainInput = new("problem.unknownUncertainInput", "an uncertain input names no input of this scenario: {0}");
    private static readonly PhraseTemplate NotUncertain = new("problem.notUncertain", "names \"{0}\", which is not an input with a distribution");
    private static readonly PhraseTemplate SameInputTwice = new("problem.sameInputTwice", "must name two different inputs");
    private static readonly PhraseTemplate WholeNotDistribution = new("problem.wholeNotDistribution", "must be a number (a whole number), not a distribution");
    private static readonly PhraseTemplate TooLong = new("problem.tooLong", "must be at most {0} characters (got {1})");

    /// <summary>A count as the messages write it (no separators below a thousand, as interpolation did).</summary>
    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

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
        CheckSensitivity(scenario, inputs, problems);
        CheckUncertainty(scenario, inputs, problems);
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
            problems.Add(InputProblem.At("name", ProblemPhrases.Required()));
        }
        CheckLength("name", scenario.Name, Limits.NameLength, problems);
        CheckLength("description", scenario.Description, Limits.TextLength, problems);
        foreach (var (language, text) in scenario.Localized)
        {
            var path = $"localized[\"{Shorten(language)}\"]";
            if (!ScenarioLanguages.Tags.Contains(language, StringComparer.Ordinal))
            {
                problems.Add(InputProblem.At(path, UnknownLanguage.With(string.Join(", ", ScenarioLanguages.Tags))));
            }
            if (string.IsNullOrWhiteSpace(text.Name))
            {
                problems.Add(InputProblem.At(path + ".name", ProblemPhrases.Required()));
            }
            CheckLength(path + ".name", text.Name, Limits.NameLength, problems);
            CheckLength(path + ".description", text.Description, Limits.TextLength, problems);
        }
        CheckLength("notes", scenario.Notes, Limits.TextLength, problems);
        if (!Currencies.IsKnown(scenario.Currency))
        {
            problems.Add(InputProblem.At("currency", UnknownCurrency.With(Shorten(scenario.Currency))));
        }
        if (scenario.Options.Count == 0)
        {
            problems.Add(InputProblem.At("options", NoOptions.With()));
        }
        if (scenario.Options.Count > Limits.OptionsPerScenario)
        {
            problems.Add(InputProblem.At("options", TooManyOptions.With(Whole(Limits.OptionsPerScenario), Whole(scenario.Options.Count))));
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var id = scenario.Options[i].Id;
            CheckLength($"options[{i}].name", scenario.Options[i].Name, Limits.NameLength, problems);
            if (!IdPattern().IsMatch(id) || ReservedIds.Contains(id))
            {
                problems.Add(InputProblem.At($"options[{i}].id", BadId.With(Shorten(id))));
            }
            else if (!ids.Add(id))
            {
                problems.Add(InputProblem.At($"options[{i}].id", DuplicateId.With(id)));
            }
        }
        if (scenario.Options.Count > 0 && scenario.FindOption(scenario.Baseline) is null)
        {
            problems.Add(InputProblem.At("baseline", UnknownBaseline.With(string.Join(", ", scenario.Options.Select(o => o.Id)), scenario.Baseline)));
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
                    problems.Add(InputProblem.At(input.JsonPath, ProblemPhrases.OutOfRange(input.Field.Range.AsPhrase(), ScenarioJson.Format(value))));
                }
                else if (input.Field.IsInteger && value != Math.Round(value))
                {
                    problems.Add(InputProblem.At(input.JsonPath, NotWhole.With(ScenarioJson.Format(value))));
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
                problems.Add(InputProblem.At(input.JsonPath, suppliedBy is { } by
                    ? RequiredOrReference.With(input.Field.Range.AsPhrase(), by.JsonName())
                    : Required.With(input.Field.Range.AsPhrase())));
            }
            else if (!allowUnresolvedReferences)
            {
                problems.Add(InputProblem.At(input.JsonPath, Unresolved.With(suppliedBy!.Value.JsonName(), reference)));
            }
        }
    }

    /// <summary>The workload's served model and every throughputFrom's override reason: present text within bounds.</summary>
    private static void CheckServedModel(Scenario scenario, List<InputProblem> problems)
    {
        var workload = scenario.Workload;
        if (workload.Model is { } model && (string.IsNullOrWhiteSpace(model) || model.Length > Limits.NameLength))
        {
            problems.Add(InputProblem.At("workload.model", model.Length == 0
                ? BadModelEmpty.With(Whole(Limits.NameLength))
                : BadModel.With(Whole(Limits.NameLength), Whole(model.Length), Shorten(model))));
        }
        if (workload.ModelParametersBillions is { } billions && !(billions > 0 && billions <= Workload.MaxModelParametersBillions))
        {
            problems.Add(InputProblem.At("workload.modelParametersBillions",
                BadParameters.With(Workload.MaxModelParametersBillions.ToString("N0", CultureInfo.InvariantCulture), ScenarioJson.Format(billions))));
        }
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            if (scenario.Options[i].References.ThroughputFrom?.OverrideModelSize is { } reason
                && (string.IsNullOrWhiteSpace(reason) || reason.Length > Limits.OverrideReasonLength))
            {
                problems.Add(InputProblem.At($"options[{i}].throughputFrom.overrideModelSize",
                    BadOverrideReason.With(Whole(Limits.OverrideReasonLength), Whole(string.IsNullOrWhiteSpace(reason) ? 0 : reason.Length))));
            }
        }
    }

    private static void CheckSensitivity(Scenario scenario, IReadOnlyList<ScenarioInput> inputs, List<InputProblem> problems)
    {
        // The inputs by key only when there are ranges to check (an evaluation validates on every call).
        var fields = new Dictionary<string, InputField>(StringComparer.Ordinal);
        if (scenario.Sensitivity.Ranges.Count > 0)
        {
            foreach (var input in inputs)
            {
                fields.TryAdd(input.Key, input.Field); // duplicate option ids are reported by CheckIdentity
            }
        }
        foreach (var key in scenario.Sensitivity.Ranges.Keys.Where(k => !fields.ContainsKey(k)))
        {
            problems.Add(InputProblem.At($"sensitivity.ranges[\"{key}\"]", UnknownSensitivityInput.With(scenario.Options.FirstOrDefault()?.Id ?? "optionId")));
        }
        foreach (var (key, range) in scenario.Sensitivity.Ranges)
        {
            if (!(range.Low <= range.High))
            {
                problems.Add(InputProblem.At($"sensitivity.ranges[\"{key}\"].low", LowAboveHigh.With(ScenarioJson.Format(range.Low), ScenarioJson.Format(range.High))));
            }
            if (fields.TryGetValue(key, out var field))
            {
                foreach (var (end, value) in new[] { ("low", range.Low), ("high", range.High) }.Where(e => !field.Range.Contains(e.Item2)))
                {
                    problems.Add(InputProblem.At($"sensitivity.ranges[\"{key}\"].{end}", OutsideOwnRange.With(field.Range.AsPhrase(), ScenarioJson.Format(value))));
                }
            }
        }
        if (!(scenario.Sensitivity.LowFactor >= 0 && scenario.Sensitivity.LowFactor <= 1))
        {
            problems.Add(InputProblem.At("sensitivity.lowFactor", ProblemPhrases.OutOfRange(NumberRange.Between(0, 1).AsPhrase(), ScenarioJson.Format(scenario.Sensitivity.LowFactor))));
        }
        if (!(scenario.Sensitivity.HighFactor >= 1 && scenario.Sensitivity.HighFactor <= 10))
        {
            problems.Add(InputProblem.At("sensitivity.highFactor", ProblemPhrases.OutOfRange(NumberRange.Between(1, 10).AsPhrase(), ScenarioJson.Format(scenario.Sensitivity.HighFactor))));
        }
    }

    /// <summary>
    /// Each distribution names an input that may carry one (not a whole number), once, with parameters its kind accepts
    /// (<see cref="Uncertainty.Distribution.Validate"/>, the rule the JSON reader applies), so a distribution made in the
    /// editor is refused with the same lines as one read from a file.
    /// </summary>
    private static void CheckUncertainty(Scenario scenario, IReadOnlyList<ScenarioInput> inputs, List<InputProblem> problems)
    {
        var byKey = new Dictionary<string, ScenarioInput>(StringComparer.Ordinal);
        if (scenario.Uncertainties.Count > 0)
        {
            foreach (var input in inputs)
            {
                byKey.TryAdd(input.Key, input); // duplicate option ids are reported by CheckIdentity
            }
        }
        var uncertainKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var uncertain in scenario.Uncertainties)
        {
            if (!byKey.TryGetValue(uncertain.Key, out var input))
            {
                problems.Add(InputProblem.General(UnknownUncertainInput.With(uncertain.Key)));
            }
            else if (!uncertainKeys.Add(uncertain.Key))
            {
                problems.Add(InputProblem.At(input.JsonPath, Uncertainty.Distribution.MoreThanOne.With()));
            }
            else if (input.Field.IsInteger)
            {
                problems.Add(InputProblem.At(input.JsonPath, WholeNotDistribution.With()));
            }
            else
            {
                problems.AddRange(uncertain.Distribution.Validate(input.JsonPath));
            }
            uncertainKeys.Add(uncertain.Key);
        }
        for (var i = 0; i < scenario.Correlations.Count; i++)
        {
            var correlation = scenario.Correlations[i];
            foreach (var key in new[] { correlation.First, correlation.Second }.Where(k => !uncertainKeys.Contains(k)))
            {
                problems.Add(InputProblem.At($"correlations[{i}].inputs", NotUncertain.With(key)));
            }
            if (correlation.First == correlation.Second)
            {
                problems.Add(InputProblem.At($"correlations[{i}].inputs", SameInputTwice.With()));
            }
            if (!(correlation.Coefficient >= -1 && correlation.Coefficient <= 1))
            {
                problems.Add(InputProblem.At($"correlations[{i}].rank", ProblemPhrases.OutOfRange(NumberRange.Between(-1, 1).AsPhrase(), ScenarioJson.Format(correlation.Coefficient))));
            }
            if (EarlierSamePair(scenario.Correlations, i) is { } earlier)
            {
                problems.Add(InputProblem.At($"correlations[{i}].inputs", GaussianCopula.RepeatedPair.With(earlier.ToString(CultureInfo.InvariantCulture), correlation.First, correlation.Second)));
            }
        }
        // The set as a whole, once each correlation is sound: one no joint distribution can have is refused here, not only when simulated.
        if (scenario.Correlations.Count > 0 && !problems.Any(p => p.Path.StartsWith("correlations", StringComparison.Ordinal))
            && GaussianCopula.Inconsistency(scenario.Correlations) is { } inconsistent)
        {
            problems.Add(inconsistent);
        }
    }

    /// <summary>The index of the first correlation before <paramref name="i"/> between the same two inputs, in either order.</summary>
    private static int? EarlierSamePair(IReadOnlyList<RankCorrelation> correlations, int i)
    {
        var (a, b) = (correlations[i].First, correlations[i].Second);
        for (var j = 0; j < i; j++)
        {
            if ((correlations[j].First == a && correlations[j].Second == b) || (correlations[j].First == b && correlations[j].Second == a))
            {
                return j;
            }
        }
        return null;
    }

    private static void CheckLength(string path, string? text, int limit, List<InputProblem> problems)
    {
        if (text is not null && text.Length > limit)
        {
            problems.Add(InputProblem.At(path, TooLong.With(limit.ToString("N0", CultureInfo.InvariantCulture), text.Length.ToString("N0", CultureInfo.InvariantCulture))));
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
