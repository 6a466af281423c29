using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Evaluation;

/// <summary>
/// One-at-a-time sensitivity (the tornado): each input that can move the decision metric is set to its low and
/// high value with everything else fixed. Whole-number inputs (GPUs per server, minimum GPUs) are moved only when the
/// scenario gives their range in <c>sensitivity.ranges</c>. The metric is the recommended option's npvSavings against the baseline,
/// or the baseline's present value when the baseline is recommended (docs/methodology.md, "Sensitivity").
/// </summary>
public static class Sensitivity
{
    public static IReadOnlyList<TornadoBar> Tornado(Scenario scenario, string recommendation)
    {
        var baselineIndex = CostEngine.IndexOf(scenario, scenario.Baseline);
        var recommendedIndex = CostEngine.IndexOf(scenario, recommendation);
        double Metric(double[] pvs) => recommendedIndex == baselineIndex
            ? pvs[baselineIndex]
            : pvs[baselineIndex] - pvs[recommendedIndex];

        var bars = new List<TornadoBar>();
        foreach (var input in ScenarioInputs.List(scenario))
        {
            var overridden = scenario.Sensitivity.Ranges.ContainsKey(input.Key);
            if (!(input.Field.InSensitivity || overridden) || !Moves(input, scenario, recommendation))
            {
                continue;
            }
            var baseValue = input.Get(scenario);
            if (double.IsNaN(baseValue))
            {
                continue;
            }
            var (low, high) = Range(scenario, input, baseValue);
            if (low == high)
            {
                continue;
            }
            var lowPvs = CostEngine.PresentValues(input.With(scenario, low));
            var highPvs = CostEngine.PresentValues(input.With(scenario, high));
            var lowResult = Metric(lowPvs);
            var highResult = Metric(highPvs);
            bars.Add(new TornadoBar
            {
                Input = input.Key,
                Label = input.OptionId is null ? input.Field.Label : $"{scenario.GetOption(input.OptionId).DisplayName}: {input.Field.Label}",
                Unit = input.Field.UnitIn(scenario.Currency),
                BaseValue = baseValue,
                LowValue = low,
                HighValue = high,
                LowResult = lowResult,
                HighResult = highResult,
                Swing = Math.Abs(highResult - lowResult),
                ChangesRecommendation = Cheapest(lowPvs) != recommendedIndex || Cheapest(highPvs) != recommendedIndex,
            });
        }
        return bars.OrderByDescending(b => b.Swing).ThenBy(b => b.Input, StringComparer.Ordinal).ToList();
    }

    /// <summary>The low and high values: the scenario's override for the input, else base x the low and high factors, kept in range.</summary>
    public static (double Low, double High) Range(Scenario scenario, ScenarioInput input, double baseValue)
    {
        if (scenario.Sensitivity.Ranges.TryGetValue(input.Key, out var range))
        {
            return (range.Low, range.High);
        }
        var a = input.Field.Range.Clamp(baseValue * scenario.Sensitivity.LowFactor);
        var b = input.Field.Range.Clamp(baseValue * scenario.Sensitivity.HighFactor);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>Scenario-wide inputs and those of the baseline and the recommendation move the metric; benefits and other options do not.</summary>
    private static bool Moves(ScenarioInput input, Scenario scenario, string recommendation) =>
        input.Key.StartsWith("benefits.", StringComparison.Ordinal) is false
        && (input.OptionId is null || input.OptionId == scenario.Baseline || input.OptionId == recommendation);

    private static int Cheapest(double[] presentValues)
    {
        var best = 0;
        for (var i = 1; i < presentValues.Length; i++)
        {
            if (presentValues[i] < presentValues[best])
            {
                best = i;
            }
        }
        return best;
    }
}
