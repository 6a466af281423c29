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
    /// <summary>The cost tornado (see <see cref="Tornadoes"/>).</summary>
    public static IReadOnlyList<TornadoBar> Tornado(Scenario scenario, string recommendation) => Tornadoes(scenario, recommendation).Decision;

    /// <summary>
    /// The cost tornado (metric: npvSavings of the recommendation, or the baseline's present value) and, when the
    /// scenario gives benefits, the value tornado (metric: the recommendation's NPV, benefits present value minus its
    /// cost present value; null without benefits). Each input is moved once; both tornadoes read the same variants.
    /// Benefit inputs (typed and value models) move only the value tornado: they are the same for every option.
    /// </summary>
    public static (IReadOnlyList<TornadoBar> Decision, IReadOnlyList<TornadoBar>? Value) Tornadoes(Scenario scenario, string recommendation)
    {
        var baselineIndex = CostEngine.IndexOf(scenario, scenario.Baseline);
        var recommendedIndex = CostEngine.IndexOf(scenario, recommendation);
        double Metric(double[] pvs) => recommendedIndex == baselineIndex
            ? pvs[baselineIndex]
            : pvs[baselineIndex] - pvs[recommendedIndex];
        var hasBenefits = scenario.Benefits is not null;
        double Npv(Scenario variant, double[] pvs) => CostEngine.BenefitsPresentValue(variant) - pvs[recommendedIndex];

        var basePvs = CostEngine.PresentValues(scenario);
        var bars = new List<TornadoBar>();
        var valueBars = new List<TornadoBar>();
        foreach (var input in ScenarioInputs.List(scenario))
        {
            var overridden = scenario.Sensitivity.Ranges.ContainsKey(input.Key);
            var isBenefit = input.Part == InputPart.Benefits;
            var movesCost = MovesCost(input, scenario, recommendation);
            var movesValue = hasBenefits && (isBenefit || input.OptionId is null || input.OptionId == recommendation);
            if (!(input.Field.InSensitivity || overridden) || !(movesCost || movesValue))
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
            var lowScenario = input.With(scenario, low);
            var highScenario = input.With(scenario, high);
            // A benefit input moves no cost: the base present values stand.
            var lowPvs = isBenefit ? basePvs : CostEngine.PresentValues(lowScenario);
            var highPvs = isBenefit ? basePvs : CostEngine.PresentValues(highScenario);
            var changesRecommendation = Cheapest(lowPvs) != recommendedIndex || Cheapest(highPvs) != recommendedIndex;
            if (movesCost)
            {
                bars.Add(Bar(scenario, input, baseValue, low, high, Metric(lowPvs), Metric(highPvs), changesRecommendation));
            }
            if (movesValue)
            {
                valueBars.Add(Bar(scenario, input, baseValue, low, high, Npv(lowScenario, lowPvs), Npv(highScenario, highPvs), changesRecommendation));
            }
        }
        return (Ordered(bars), hasBenefits ? Ordered(valueBars) : null);
    }

    private static TornadoBar Bar(Scenario scenario, ScenarioInput input, double baseValue, double low, double high,
        double lowResult, double highResult, bool changesRecommendation) => new()
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
        ChangesRecommendation = changesRecommendation,
    };

    private static List<TornadoBar> Ordered(List<TornadoBar> bars) =>
        bars.OrderByDescending(b => b.Swing).ThenBy(b => b.Input, StringComparer.Ordinal).ToList();

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

    /// <summary>Scenario-wide inputs and those of the baseline and the recommendation move the cost metric; benefits and other options do not.</summary>
    private static bool MovesCost(ScenarioInput input, Scenario scenario, string recommendation) =>
        input.Part != InputPart.Benefits
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
