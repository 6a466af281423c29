using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using static Planner.CostModel.UnitTests.ScenarioBuilder;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Token classes of a pay-per-token API (docs/methodology.md, "API (pay per token)"): the workload's cached-input share
/// of input tokens is billed at the cached-input price, its batch share of requests at the batch discount off every price.
/// </summary>
public class TokenClassTests
{
    private static Scenario Priced(double cachedShare, double batchShare, double cachedPrice = 0.5, double batchDiscount = 0.5) =>
        Scenario(3, 0, Workload(1_000, inputTokens: 1_000, outputTokens: 100) with { CachedInputShare = cachedShare, BatchShare = batchShare },
            Api() with { InputPricePerMillion = 2, OutputPricePerMillion = 8, CachedInputPricePerMillion = cachedPrice, BatchDiscount = batchDiscount });

    [Fact]
    public void Cached_input_and_batch_requests_are_billed_at_their_own_prices_worked_by_hand()
    {
        var result = CostEngine.Evaluate(Priced(0.6, 0.25)).GetOption("api");

        // input price 0.4 x 2 + 0.6 x 0.5 = 1.10; (1,000 x 1.10 + 100 x 8) / 1e6 = 0.0019 a request; x (1 - 0.25 x 0.5) = 0.875.
        AssertSequence.Equal([0, 1.6625, 1.6625, 1.6625], result.Months.Select(m => m.Usage), 12);
        Assert.Equal(3 * 1.6625, result.TotalCost, 12);
    }

    [Fact]
    public void Each_class_alone_and_the_stacked_price_of_a_batched_cache_read()
    {
        // Only cached: (1,000 x (0.4 x 2 + 0.6 x 0.5) + 800) / 1e6 x 1,000 = 1.9.
        Assert.Equal(1.9, CostEngine.Evaluate(Priced(0.6, 0)).GetOption("api").Months[1].Usage, 12);
        // Only batch: (2,000 + 800) / 1e6 x 1,000 x (1 - 0.25 x 0.5) = 2.45.
        Assert.Equal(2.45, CostEngine.Evaluate(Priced(0, 0.25)).GetOption("api").Months[1].Usage, 12);
        // Every input token cached and every request batched: (1,000 x 0.5 + 800) / 1e6 x 1,000 x 0.5 = 0.65.
        Assert.Equal(0.65, CostEngine.Evaluate(Priced(1, 1)).GetOption("api").Months[1].Usage, 12);
    }

    [Fact]
    public void Without_a_cached_price_or_batch_discount_the_shares_bill_at_the_full_price()
    {
        var plain = CostEngine.Evaluate(Priced(0, 0)).GetOption("api");
        var noCardPrices = CostEngine.Evaluate(Priced(0.6, 0.25, cachedPrice: double.NaN, batchDiscount: double.NaN)).GetOption("api");

        Assert.Equal(2.8, plain.Months[1].Usage, 12);
        Assert.Equal(plain.Months.Select(m => m.Usage), noCardPrices.Months.Select(m => m.Usage));
    }

    [Fact]
    public void Without_token_classes_the_usage_is_bit_identical_to_the_plain_input_and_output_price()
    {
        var old = Scenario(12, 0.1, Workload(123_457, inputTokens: 777, outputTokens: 333, monthlyGrowth: 0.03),
            Api() with { InputPricePerMillion = 0.15, OutputPricePerMillion = 0.6, AnnualPriceChange = -0.3 });
        var withCardPrices = old with { Options = [((ApiOption)old.Options[0]) with { CachedInputPricePerMillion = 0.075, BatchDiscount = 0.5 }] };

        var expected = new double[13];
        var perRequest = (777 * 0.15 + 333 * 0.6) / 1e6;
        for (var t = 1; t <= 12; t++)
        {
            expected[t] = 123_457 * Math.Pow(1.03, t - 1) * perRequest * Math.Pow(1 - 0.3, (t - 1) / 12.0);
        }
        var plain = CostEngine.Evaluate(old).GetOption("api");
        var priced = CostEngine.Evaluate(withCardPrices).GetOption("api");

        Assert.Equal(plain.PresentValue, priced.PresentValue);
        Assert.Equal(plain.Months.Select(m => m.Cash), priced.Months.Select(m => m.Cash));
        AssertSequence.Equal(expected, plain.Months.Select(m => m.Usage), 9);
    }

    [Fact]
    public void The_new_fields_round_trip_through_json_and_a_cached_price_above_the_input_price_is_refused()
    {
        var scenario = Priced(0.6, 0.25);
        var reread = ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario));
        Assert.Equal(0.6, reread.Workload.CachedInputShare);
        Assert.Equal(0.25, reread.Workload.BatchShare);
        Assert.Equal(0.5, ((ApiOption)reread.Options[0]).CachedInputPricePerMillion);
        Assert.Equal(0.5, ((ApiOption)reread.Options[0]).BatchDiscount);

        var json = """
            { "name": "classes", "horizonMonths": 12,
              "workload": { "requestsPerMonth": 1000, "inputTokensPerRequest": 100, "cachedInputShare": 1.5, "batchShare": -0.1 },
              "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 2,
                             "cachedInputPricePerMillion": 1.5, "batchDiscount": 1 } ] }
            """;
        var lines = Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;
        Assert.Contains("workload.cachedInputShare must be >= 0 and <= 1 (got 1.5)", lines);
        Assert.Contains("workload.batchShare must be >= 0 and <= 1 (got -0.1)", lines);
        Assert.Contains("options[0].batchDiscount must be >= 0 and <= 0.99 (got 1)", lines);

        var dearCache = json.Replace("1.5, \"batchShare\": -0.1", "0.5, \"batchShare\": 0.1", StringComparison.Ordinal).Replace("\"batchDiscount\": 1", "\"batchDiscount\": 0.5", StringComparison.Ordinal);
        Assert.Equal(["options[0].cachedInputPricePerMillion must be <= inputPricePerMillion (1), a cache read costing at most an uncached input token (got 1.5)"],
            Assert.Throws<InputException>(() => ScenarioJson.Parse(dearCache)).Lines);
    }
}
