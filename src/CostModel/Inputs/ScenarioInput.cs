using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

/// <summary>
/// One numeric input of a particular scenario, addressed by a stable key: "horizonMonths",
/// "workload.requestsPerMonth", "benefits.valuePerRequest", or "{optionId}.{field}" such as "cloud.gpuHourPrice".
/// </summary>
public sealed class ScenarioInput
{
    private readonly Func<Scenario, double> _get;
    private readonly Func<Scenario, double, Scenario> _set;

    internal ScenarioInput(string key, string jsonPath, InputField field, string? optionId,
        Func<Scenario, double> get, Func<Scenario, double, Scenario> set)
    {
        Key = key;
        JsonPath = jsonPath;
        Field = field;
        OptionId = optionId;
        _get = get;
        _set = set;
    }

    public string Key { get; }

    /// <summary>The path in the scenario JSON, as error messages name it: "options[1].targetUtilization".</summary>
    public string JsonPath { get; }

    public InputField Field { get; }

    /// <summary>The option the input belongs to, or null for scenario-wide inputs.</summary>
    public string? OptionId { get; }

    public double Get(Scenario scenario) => _get(scenario);

    public Scenario With(Scenario scenario, double value) => _set(scenario, value);
}

/// <summary>Lists a scenario's numeric inputs and finds them by key.</summary>
public static class ScenarioInputs
{
    public static IReadOnlyList<ScenarioInput> List(Scenario scenario)
    {
        var inputs = new List<ScenarioInput>();
        foreach (var field in InputFields.Scenario)
        {
            inputs.Add(new ScenarioInput(field.Name, field.Name, field, null,
                s => field.Get(s), (s, v) => (Scenario)field.Set(s, v)));
        }
        foreach (var field in InputFields.Workload)
        {
            inputs.Add(new ScenarioInput("workload." + field.Name, "workload." + field.Name, field, null,
                s => field.Get(s.Workload), (s, v) => s with { Workload = (Workload)field.Set(s.Workload, v) }));
        }
        if (scenario.Benefits is not null)
        {
            foreach (var field in InputFields.Benefits)
            {
                inputs.Add(new ScenarioInput("benefits." + field.Name, "benefits." + field.Name, field, null,
                    s => field.Get(s.Benefits!), (s, v) => s with { Benefits = (Benefits)field.Set(s.Benefits!, v) }));
            }
        }
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var index = i;
            var option = scenario.Options[i];
            foreach (var field in InputFields.For(option.Kind))
            {
                inputs.Add(new ScenarioInput($"{option.Id}.{field.Name}", $"options[{index}].{field.Name}", field, option.Id,
                    s => field.Get(s.Options[index]),
                    (s, v) => s with { Options = Replace(s.Options, index, (SourcingOption)field.Set(s.Options[index], v)) }));
            }
        }
        return inputs;
    }

    public static ScenarioInput? Find(Scenario scenario, string key) =>
        List(scenario).FirstOrDefault(i => string.Equals(i.Key, key, StringComparison.Ordinal));

    private static SourcingOption[] Replace(IReadOnlyList<SourcingOption> options, int index, SourcingOption option)
    {
        var copy = new SourcingOption[options.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = i == index ? option : options[i];
        }
        return copy;
    }
}
