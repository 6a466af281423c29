using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Small scenarios for the known-answer tests. Every option starts from plain round numbers and a test changes
/// only what it is about with a <c>with</c> expression, so the expected values can be worked out by hand.
/// </summary>
internal static class ScenarioBuilder
{
    public static Workload Workload(double requestsPerMonth, double inputTokens = 0, double outputTokens = 500,
        double monthlyGrowth = 0, double peakToAverage = 1) => new()
        {
            RequestsPerMonth = requestsPerMonth,
            InputTokensPerRequest = inputTokens,
            OutputTokensPerRequest = outputTokens,
            MonthlyGrowth = monthlyGrowth,
            PeakToAverage = peakToAverage,
        };

    public static Scenario Scenario(int horizonMonths, double discountRateAnnual, Workload workload, params SourcingOption[] options) => new()
    {
        Name = "known answer",
        HorizonMonths = horizonMonths,
        DiscountRateAnnual = discountRateAnnual,
        Workload = workload,
        Baseline = options[0].Id,
        Options = options,
    };

    /// <summary>$2 per million input tokens, $10 per million output tokens, nothing else.</summary>
    public static ApiOption Api(string id = "api") => new()
    {
        Id = id,
        InputPricePerMillion = 2,
        OutputPricePerMillion = 10,
    };

    /// <summary>$2 per GPU-hour, 20,000 prefill and 500 decode tokens per GPU-second, no floor, no staff.</summary>
    public static CloudOption Cloud(string id = "cloud") => new()
    {
        Id = id,
        GpuHourPrice = 2,
        PrefillTokensPerGpuSecond = 20_000,
        DecodeTokensPerGpuSecond = 500,
        MinGpus = 0,
    };

    /// <summary>4-GPU servers at $100,000, 10 kW, 1-year life, 500 decode tokens per GPU-second; no running costs.</summary>
    public static OnPremOption OnPrem(string id = "onprem") => new()
    {
        Id = id,
        ServerPrice = 100_000,
        GpusPerServer = 4,
        PrefillTokensPerGpuSecond = 20_000,
        DecodeTokensPerGpuSecond = 500,
        ServerPowerKw = 10,
        DepreciationYears = 1,
    };

    /// <summary>The monthly rate m = (1 + annual)^(1/12) - 1 of the specification.</summary>
    public static double MonthlyRate(double annual) => Math.Pow(1 + annual, 1.0 / 12) - 1;

    /// <summary>Sum of cash[t] / (1 + m)^t for t = 0.., written out independently of the engine.</summary>
    public static double Discounted(double annualRate, IReadOnlyList<double> cash)
    {
        var m = MonthlyRate(annualRate);
        var pv = 0.0;
        for (var t = 0; t < cash.Count; t++)
        {
            pv += cash[t] / Math.Pow(1 + m, t);
        }
        return pv;
    }

    public static double[] CashOf(OptionResult option) => option.Months.Select(m => m.Cash).ToArray();
}

/// <summary>Element-by-element comparison of number sequences to a number of decimal places.</summary>
internal static class AssertSequence
{
    public static void Equal(IEnumerable<double> expected, IEnumerable<double> actual, int precision)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.True(e.Length == a.Length, $"expected {e.Length} values, got {a.Length}: [{string.Join(", ", a)}]");
        for (var i = 0; i < e.Length; i++)
        {
            Assert.True(Math.Round(e[i] - a[i], precision) == 0,
                $"at index {i}: expected {e[i]}, got {a[i]} (all: [{string.Join(", ", a)}])");
        }
    }
}
