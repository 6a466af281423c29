using System.Text.Json;
using FsCheck.Xunit;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Every numeric input has a sane upper bound, whole quantities are whole, currencies come from the ISO 4217 list, and
/// every scenario the validator accepts evaluates to finite numbers that can be written as JSON (issue 17).
/// </summary>
public class BoundsTests
{
    private static Scenario Valid() => ScenarioBuilder.Scenario(36, 0.1, ScenarioBuilder.Workload(1_000_000, 800, 250),
        ScenarioBuilder.Api(), ScenarioBuilder.Cloud(), ScenarioBuilder.OnPrem()) with
    { Benefits = new Benefits { ValuePerRequest = 0.01 } };

    private static IReadOnlyList<string> Problems(Scenario scenario) => ScenarioValidator.Validate(scenario).Select(p => p.ToString()).ToArray();

    [Fact]
    public void Every_numeric_input_has_a_finite_upper_bound()
    {
        var unbounded = ScenarioInputs.List(Valid()).Where(i => double.IsPositiveInfinity(i.Field.Range.Max)).Select(i => i.JsonPath);

        Assert.Empty(unbounded);
    }

    [Fact]
    public void A_server_price_of_1e308_is_refused_naming_the_field_and_its_range()
    {
        var scenario = Valid() with { Options = [ScenarioBuilder.Api(), ScenarioBuilder.Cloud(), ScenarioBuilder.OnPrem() with { ServerPrice = 1e308 }] };

        Assert.Equal(["options[2].serverPrice must be >= 0 and <= 1,000,000,000 (got 1E+308)"], Problems(scenario));
    }

    [Fact]
    public void Requests_of_1e30_are_refused_naming_the_field_and_its_range()
    {
        var scenario = Valid() with { Workload = ScenarioBuilder.Workload(1e30, 800, 250) };

        Assert.Equal(["workload.requestsPerMonth must be >= 0 and <= 1,000,000,000,000 (got 1E+30)"], Problems(scenario));
    }

    [Fact]
    public void A_fractional_horizon_is_refused_in_json()
    {
        var json = ScenarioJsonWriter.Write(Valid()).Replace("\"horizonMonths\": 36", "\"horizonMonths\": 2.5", StringComparison.Ordinal);

        Assert.Equal(["horizonMonths must be a whole number (got 2.5)"], Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines);
    }

    [Theory]
    [InlineData("DOL")]
    [InlineData("XYZ")]
    [InlineData("usd")]
    [InlineData("dollars")]
    [InlineData("XTS")]
    public void A_currency_that_is_not_an_iso_4217_code_is_refused(string currency)
    {
        Assert.Equal([$"currency must be an ISO 4217 currency code such as USD, EUR or GBP (got \"{currency}\")"], Problems(Valid() with { Currency = currency }));
    }

    [Theory]
    [InlineData("USD")]
    [InlineData("EUR")]
    [InlineData("JPY")]
    [InlineData("CHF")]
    public void An_iso_4217_currency_is_accepted(string currency)
    {
        Assert.Empty(Problems(Valid() with { Currency = currency }));
    }

    [Fact]
    public void A_name_longer_than_the_limit_is_refused_with_the_limit()
    {
        var scenario = Valid() with { Name = new string('x', Limits.NameLength + 1) };

        Assert.Equal([$"name must be at most {Limits.NameLength} characters (got {Limits.NameLength + 1})"], Problems(scenario));
    }

    [Fact]
    public void More_options_than_the_limit_are_refused_with_the_limit()
    {
        var options = Enumerable.Range(0, Limits.OptionsPerScenario + 1).Select(i => (SourcingOption)ScenarioBuilder.Api($"api{i}")).ToArray();
        var scenario = Valid() with { Options = options, Baseline = "api0" };

        Assert.Equal([$"options must list at most {Limits.OptionsPerScenario} options (got {Limits.OptionsPerScenario + 1})"], Problems(scenario));
    }

    [Fact]
    public void A_sensitivity_range_outside_the_inputs_range_is_refused()
    {
        var scenario = Valid() with
        {
            Sensitivity = new SensitivitySettings { Ranges = new Dictionary<string, SensitivityRange> { ["onprem.serverPrice"] = new(1, 1e308) } },
        };

        Assert.Equal(["sensitivity.ranges[\"onprem.serverPrice\"].high must be >= 0 and <= 1,000,000,000, the input's own range (got 1E+308)"], Problems(scenario));
    }

    /// <summary>
    /// Drives every input of an api + cloud + onprem scenario to one end of its range (the end chosen by the seed bits)
    /// and evaluates: every figure is finite and the evaluation can be written as JSON. Before the bounds, serverPrice
    /// 1e308 threw ArithmeticException in the break-even search and infinity could not be written as JSON.
    /// </summary>
    [Property(MaxTest = 40)]
    public bool Every_valid_scenario_at_the_ends_of_its_ranges_evaluates_to_finite_json(ulong bits)
    {
        var scenario = Valid() with { HorizonMonths = 600 };
        var inputs = ScenarioInputs.List(scenario);
        for (var i = 0; i < inputs.Count; i++)
        {
            var range = inputs[i].Field.Range;
            var high = ((bits >> (i % 64)) & 1) == 1;
            var value = high ? range.Clamp(range.Max) : range.Clamp(range.Min);
            scenario = inputs[i].With(scenario, value);
        }
        if (ScenarioValidator.Validate(scenario).Count > 0)
        {
            return true; // a rule across fields (idle power above full power) refused it: nothing to evaluate
        }

        var evaluation = CostEngine.Evaluate(scenario);

        var json = PlannerJson.SerializeEvaluation(evaluation, indented: false);
        using var document = JsonDocument.Parse(json);
        return AllNumbersFinite(document.RootElement);
    }

    [Fact]
    public void The_largest_values_everywhere_evaluate_to_finite_json()
    {
        Assert.True(Every_valid_scenario_at_the_ends_of_its_ranges_evaluates_to_finite_json(ulong.MaxValue));
        Assert.True(Every_valid_scenario_at_the_ends_of_its_ranges_evaluates_to_finite_json(0));
    }

    private static bool AllNumbersFinite(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => double.IsFinite(element.GetDouble()),
        JsonValueKind.Object => element.EnumerateObject().All(p => AllNumbersFinite(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().All(AllNumbersFinite),
        _ => true,
    };
}
