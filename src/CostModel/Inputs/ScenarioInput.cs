using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

/// <summary>
/// One numeric input of a particular scenario, addressed by a stable key: "horizonMonths",
/// "workload.requestsPerMonth", "benefits.valuePerRequest", "benefits.qualityInspection.defectRate", or "{optionId}.{field}" such as "cloud.gpuHourPrice".
/// </summary>
public sealed class ScenarioInput
{
    internal ScenarioInput(string key, string jsonPath, InputField field, string? optionId, InputPart part, int optionIndex = -1,
        ValueModel? valueModel = null, InputField? valueModelField = null)
    {
        ValueModel = valueModel;
        ValueModelField = valueModelField;
        Part = part;
        OptionIndex = optionIndex;
        Key = key;
        JsonPath = jsonPath;
        Field = field;
        OptionId = optionId;
    }

    public string Key { get; }

    /// <summary>The path in the scenario JSON, as error messages name it: "options[1].targetUtilization".</summary>
    public string JsonPath { get; }

    public InputField Field { get; }

    /// <summary>The option the input belongs to, or null for scenario-wide inputs.</summary>
    public string? OptionId { get; }

    /// <summary>The part of the scenario whose record holds the field.</summary>
    internal InputPart Part { get; }

    /// <summary>The option's index for <see cref="InputPart.Option"/>, else -1.</summary>
    internal int OptionIndex { get; }

    /// <summary>The value model whose field the input is (a <see cref="InputPart.Benefits"/> input), else null.</summary>
    internal ValueModel? ValueModel { get; }

    /// <summary>The input's field as a field of its value model's record (<see cref="Field"/> is it wrapped for <see cref="Benefits"/>).</summary>
    internal InputField? ValueModelField { get; }

    /// <summary>The input's value in <paramref name="scenario"/>: its field read from the record of its <see cref="Part"/>.</summary>
    public double Get(Scenario scenario) => Part switch
    {
        InputPart.Scenario => Field.Get(scenario),
        InputPart.Workload => Field.Get(scenario.Workload),
        InputPart.Benefits => Field.Get(scenario.Benefits!),
        _ => Field.Get(scenario.Options[OptionIndex]),
    };

    /// <summary>A copy of <paramref name="scenario"/> with the input set to <paramref name="value"/> (<see cref="ScenarioInputs.WithAll"/> for one input).</summary>
    public Scenario With(Scenario scenario, double value) => ScenarioInputs.WithAll(scenario, [this], [value]);
}

/// <summary>The record of a scenario that holds an input's field.</summary>
internal enum InputPart
{
    Scenario,
    Workload,
    Benefits,
    Option,
}

/// <summary>Lists a scenario's numeric inputs and finds them by key.</summary>
public static class ScenarioInputs
{
    public static IReadOnlyList<ScenarioInput> List(Scenario scenario)
    {
        var inputs = new List<ScenarioInput>();
        foreach (var field in InputFields.Scenario)
        {
            inputs.Add(new ScenarioInput(field.Name, field.Name, field, null, InputPart.Scenario));
        }
        foreach (var field in InputFields.Workload)
        {
            inputs.Add(new ScenarioInput("workload." + field.Name, "workload." + field.Name, field, null, InputPart.Workload));
        }
        if (scenario.Benefits is not null)
        {
            foreach (var field in InputFields.Benefits)
            {
                inputs.Add(new ScenarioInput("benefits." + field.Name, "benefits." + field.Name, field, null, InputPart.Benefits));
            }
            foreach (var model in ValueModels.All.Where(m => m.Get(scenario.Benefits!) is not null))
            {
                for (var k = 0; k < model.Fields.Count; k++)
                {
                    var field = model.BenefitsFields[k];
                    var key = $"benefits.{model.JsonName}.{field.Name}";
                    inputs.Add(new ScenarioInput(key, key, field, null, InputPart.Benefits, valueModel: model, valueModelField: model.Fields[k]));
                }
            }
        }
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            var index = i;
            var option = scenario.Options[i];
            foreach (var field in OptionKinds.Of(option.Kind).Fields)
            {
                inputs.Add(new ScenarioInput($"{option.Id}.{field.Name}", $"options[{index}].{field.Name}", field, option.Id, InputPart.Option, index));
            }
        }
        return inputs;
    }

    /// <summary>
    /// Sets every input of <paramref name="inputs"/> (distinct inputs of <paramref name="scenario"/>) to the value at the
    /// same position of <paramref name="values"/>: the same result as calling <see cref="ScenarioInput.With"/> for each in
    /// turn, with one copy of the scenario, its workload, benefits and option list per call instead of one per input
    /// (the Monte Carlo sets ten or more inputs per trial).
    /// </summary>
    public static Scenario WithAll(Scenario scenario, IReadOnlyList<ScenarioInput> inputs, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(inputs);
        if (values.Length != inputs.Count)
        {
            throw new ArgumentException($"{values.Length} values for {inputs.Count} inputs", nameof(values));
        }
        var result = scenario;
        var workload = scenario.Workload;
        var benefits = scenario.Benefits;
        SourcingOption[]? options = null;
        for (var j = 0; j < inputs.Count; j++)
        {
            var input = inputs[j];
            var value = values[j];
            switch (input.Part)
            {
                case InputPart.Scenario:
                    result = (Scenario)input.Field.Set(result, value);
                    break;
                case InputPart.Workload:
                    workload = (Workload)input.Field.Set(workload, value);
                    break;
                case InputPart.Benefits:
                    benefits = (Benefits)input.Field.Set(benefits!, value);
                    break;
                default:
                    options ??= [.. scenario.Options];
                    options[input.OptionIndex] = (SourcingOption)input.Field.Set(options[input.OptionIndex], value);
                    break;
            }
        }
        return result with { Workload = workload, Benefits = benefits, Options = options ?? result.Options };
    }

    public static ScenarioInput? Find(Scenario scenario, string key) =>
        List(scenario).FirstOrDefault(i => string.Equals(i.Key, key, StringComparison.Ordinal));
}
