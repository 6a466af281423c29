using BenchmarkDotNet.Attributes;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.Perf;

/// <summary>
/// The Monte Carlo speed target (issue #7): a 60-month, 3-option scenario with 10 uncertain inputs and two rank
/// correlations at 100,000 trials should finish in under a second on the 2-core build machine.
/// </summary>
[MemoryDiagnoser]
public class MonteCarloBenchmarks
{
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup() => _scenario = ScenarioJson.Parse(Json);

    [Benchmark]
    public SimulationResult HundredThousandTrials() => MonteCarlo.Run(_scenario, 100_000, 42, null, CancellationToken.None);

    private const string Json = """
        {
          "name": "Perf: 60 months, 3 options, 10 uncertain inputs", "horizonMonths": 60, "discountRateAnnual": 0.10,
          "workload": {
            "requestsPerMonth": { "distribution": "lognormal", "mean": 2000000, "stdDev": 600000 },
            "monthlyGrowth": { "distribution": "pert", "min": 0.0, "mode": 0.03, "max": 0.08 },
            "inputTokensPerRequest": 800, "outputTokensPerRequest": 250, "peakToAverage": 2.5 },
          "baseline": "api",
          "options": [
            { "id": "api", "kind": "api", "inputPricePerMillion": 0.50, "outputPricePerMillion": 1.50,
              "annualPriceChange": { "distribution": "triangular", "min": -0.60, "mode": -0.30, "max": 0.0 }, "setupCost": 20000 },
            { "id": "cloud", "kind": "cloud",
              "gpuHourPrice": { "distribution": "triangular", "min": 1.70, "mode": 2.50, "max": 4.00 },
              "annualPriceChange": { "distribution": "triangular", "min": -0.50, "mode": -0.10, "max": 0.05 },
              "prefillTokensPerGpuSecond": 20000,
              "decodeTokensPerGpuSecond": { "distribution": "normal", "mean": 2500, "stdDev": 400, "min": 1200, "max": 4000 },
              "targetUtilization": { "distribution": "uniform", "min": 0.45, "max": 0.75 },
              "minGpus": 1, "staffFte": 0.5, "fteAnnualCost": 180000, "setupCost": 30000 },
            { "id": "onprem", "kind": "onprem",
              "serverPrice": { "distribution": "pert", "min": 280000, "mode": 320000, "max": 380000 },
              "gpusPerServer": 8, "minServers": 1, "prefillTokensPerGpuSecond": 20000,
              "decodeTokensPerGpuSecond": { "distribution": "normal", "mean": 2500, "stdDev": 400, "min": 1200, "max": 4000 },
              "targetUtilization": 0.6, "serverPowerKw": 10.2, "serverIdlePowerKw": 3.0, "pue": 1.3,
              "electricityPerKwh": { "distribution": "triangular", "min": 0.06, "mode": 0.10, "max": 0.12 },
              "colocationPerKwMonth": 150, "maintenanceRateAnnual": 0.08, "depreciationYears": 5,
              "resaleValueFraction": 0.8, "staffFte": 1.0, "fteAnnualCost": 180000, "setupCost": 50000 }
          ],
          "correlations": [
            { "inputs": ["api.annualPriceChange", "cloud.annualPriceChange"], "rank": 0.6 },
            { "inputs": ["cloud.decodeTokensPerGpuSecond", "onprem.decodeTokensPerGpuSecond"], "rank": 0.9 }
          ]
        }
        """;
}
