using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Reports.IntegrationTests;

/// <summary>The example scenario and the variants the report tests use.</summary>
internal static class Scenarios
{
    public static string ExamplePath => Path.Combine(AppContext.BaseDirectory, "examples", "support-assistant.json");

    /// <summary>examples/support-assistant.json: api (baseline), cloud and onprem, 36 months, with benefits.</summary>
    public static Scenario Example() => ScenarioJson.ReadFile(ExamplePath);

    /// <summary>
    /// The example over 60 months at ten times the demand: the on-prem fleet grows, buys servers mid-horizon and
    /// resells them at the end.
    /// </summary>
    public static Scenario SixtyMonths()
    {
        var example = Example();
        return example with
        {
            Name = "Support assistant, 60 months",
            HorizonMonths = 60,
            Workload = example.Workload with { RequestsPerMonth = 20_000_000 },
        };
    }

    /// <summary>The 60-month variant named in Chinese (客服助手 = "customer-service assistant").</summary>
    public static Scenario Chinese() => SixtyMonths() with { Name = "客服助手 (60 个月)" };

    public static ReportInput Input(Scenario scenario) => ReportInput.For(scenario,
    [
        new BenchmarkEvidence
        {
            Run = "run-42",
            Model = "gpt-decoder-small",
            Settings = "decode-heavy fp16 batch 8",
            Device = "NVIDIA H100 80GB HBM3, driver 550.54, CUDA 12.4",
            MeasuredAt = "2026-11-20T10:15:00Z",
            PrefillTokensPerSecond = 20000,
            DecodeTokensPerSecond = 2500,
            LatencyP50Ms = 41.5,
            LatencyP95Ms = 63.25,
            LatencyP99Ms = 80.125,
            Valid = true,
            Validity = "coefficient of variation 2.1% over 30 samples",
        },
    ]);
}
