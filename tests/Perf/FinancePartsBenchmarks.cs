using BenchmarkDotNet.Attributes;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Perf;

/// <summary>
/// The cost engine on a 60-month, 4-option scenario with every optional finance part of issue 16 that exists
/// (docs/decisions/013-optional-finance-parts.md): the support-assistant example at ten times the demand, a 25% tax,
/// staff and electricity escalation, and a second owned fleet on a 3-year refresh cycle with a falling server price,
/// bought with an 80% loan; or, with <see cref="Fleet"/> "hybrid" (docs/decisions/024-hybrid-option.md),
/// examples/hybrid-support-assistant.json's api, cloud and onprem options and its percentile hybrid overflowing to the
/// API, with the same demand, tax and escalation and the hybrid's servers on that refresh cycle and loan.
/// Target (issue 16): evaluation under 100 us.
/// </summary>
/// <remarks>Each invocation repeats its call, as in <see cref="CostEngineBenchmarks"/>; figures are per call.</remarks>
[MemoryDiagnoser]
public class FinancePartsBenchmarks
{
    private const int Evaluations = 64;
    private Scenario _scenario = null!;

    /// <summary>The fourth option: a second, financed owned fleet, or a hybrid.</summary>
    [Params("owned", "hybrid")]
    public string Fleet { get; set; } = "owned";

    [GlobalSetup]
    public void Setup()
    {
        var hybrid = Fleet == "hybrid";
        var example = ScenarioJson.ReadFile(Repository.File("examples", hybrid ? "hybrid-support-assistant.json" : "support-assistant.json"));
        var options = example.Options.Where(o => o.Id != "hybrid-cloud").Select(o => o switch
        {
            HybridOption h => h with
            {
                StaffEscalationAnnual = 0.05, ElectricityEscalationAnnual = 0.03, UsefulLifeYears = 3, AnnualPriceChange = -0.15,
                LoanYears = 3, LoanAnnualRate = 0.07, LoanDownPaymentFraction = 0.2,
            },
            CloudOption cloud => cloud with { StaffEscalationAnnual = 0.04 },
            OnPremOption owned => (SourcingOption)(owned with { StaffEscalationAnnual = 0.05, ElectricityEscalationAnnual = 0.03 }),
            _ => o,
        }).ToList();
        if (!hybrid)
        {
            var owned = (OnPremOption)example.GetOption("onprem");
            options.Add(owned with
            {
                Id = "onprem-financed",
                UsefulLifeYears = 3,
                AnnualPriceChange = -0.15,
                LoanYears = 3,
                LoanAnnualRate = 0.07,
                LoanDownPaymentFraction = 0.2,
                ElectricityEscalationAnnual = 0.03,
            });
        }
        _scenario = example with
        {
            HorizonMonths = 60,
            TaxRateAnnual = 0.25,
            Workload = example.Workload with { RequestsPerMonth = 20_000_000 },
            Options = options,
        };
    }

    [Benchmark(Description = "evaluate, 60 months x 4 options (a financed owned fleet or a hybrid) with tax, escalation, refresh and loan (no tornado)", OperationsPerInvoke = Evaluations)]
    public ScenarioEvaluation Evaluate() => CostEngineBenchmarks.Repeat(Evaluations, () => CostEngine.Evaluate(_scenario, includeTornado: false));

    [Benchmark(Description = "present values only (the Monte Carlo's fast path), same scenario", OperationsPerInvoke = Evaluations)]
    public double[] PresentValues() => CostEngineBenchmarks.Repeat(Evaluations, () => CostEngine.PresentValues(_scenario));
}
