using FsCheck;
using FsCheck.Xunit;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Finance;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>Invariants of the finance functions and the cost engine over generated inputs.</summary>
public class PropertyTests
{
    [Property]
    public bool Npv_falls_as_the_rate_rises_when_every_flow_is_positive(NonEmptyArray<PositiveInt> flows, byte rate, byte step)
    {
        var values = flows.Get.Select(f => (double)f.Get).ToArray();
        var low = rate / 100.0 - 0.5;
        var high = low + (1 + step) / 100.0;

        return FinancialFunctions.Npv(high, values) < FinancialFunctions.Npv(low, values);
    }

    [Property]
    public bool Present_value_of_an_investment_falls_as_the_rate_rises_when_later_flows_are_positive(
        PositiveInt investment, NonEmptyArray<PositiveInt> returns, byte rate, byte step)
    {
        double[] values = [-investment.Get, .. returns.Get.Select(f => (double)f.Get)];
        var low = rate / 100.0 - 0.5;
        var high = low + (1 + step) / 100.0;

        return FinancialFunctions.PresentValue(high, values) < FinancialFunctions.PresentValue(low, values);
    }

    [Property]
    public bool Present_value_at_the_irr_is_zero_for_flows_with_one_sign_change(PositiveInt investment, NonEmptyArray<NonNegativeInt> returns)
    {
        var later = returns.Get.Select(r => 1.0 + r.Get).ToArray();
        // Keep the investment within 20x the returns so that the IRR lies in the documented search range (> -99%).
        var outlay = 1 + investment.Get % (20 * later.Sum());
        double[] values = [-outlay, .. later];

        var irr = FinancialFunctions.Irr(values);

        var scale = values.Sum(Math.Abs);
        return Math.Abs(FinanceFunctionTests.PresentValueAt(irr, values)) <= 1e-7 * scale;
    }

    [Property(MaxTest = 60)]
    public bool No_cost_category_is_ever_negative_except_resale(byte[] seed)
    {
        var evaluation = CostEngine.Evaluate(GeneratedScenario(seed));

        return evaluation.Options.SelectMany(o => o.Months).All(m =>
            m.Usage >= 0 && m.Compute >= 0 && m.Energy >= 0 && m.Colocation >= 0 && m.Maintenance >= 0 && m.Staff >= 0
            && m.Capex >= 0 && m.Setup >= 0 && m.Fixed >= 0 && m.Depreciation >= 0 && m.EnergyKwh >= 0 && m.Resale <= 0);
    }

    [Property(MaxTest = 60)]
    public bool Present_value_is_at_most_total_cost_when_the_rate_is_positive_and_no_month_is_a_net_inflow(byte[] seed)
    {
        var scenario = GeneratedScenario(seed);
        var evaluation = CostEngine.Evaluate(scenario);

        // Resale can make the last month an inflow, which discounting shrinks: the property holds only without one.
        return evaluation.Options
            .Where(o => o.Months.All(m => m.Cash >= 0))
            .All(o => o.PresentValue <= o.TotalCost + 1e-9 * Math.Max(1, o.TotalCost));
    }

    [Property(MaxTest = 60)]
    public bool Present_value_is_the_sum_of_the_discounted_monthly_cash(byte[] seed)
    {
        var scenario = GeneratedScenario(seed);
        var evaluation = CostEngine.Evaluate(scenario);

        return evaluation.Options.All(o =>
        {
            var byHand = ScenarioBuilder.Discounted(scenario.DiscountRateAnnual, ScenarioBuilder.CashOf(o));
            return Math.Abs(o.PresentValue - byHand) <= 1e-9 * Math.Max(1, o.Months.Sum(m => Math.Abs(m.Cash)));
        });
    }

    [Property(MaxTest = 60)]
    public bool Monthly_cash_is_the_sum_of_its_categories_and_total_cost_the_sum_of_cash(byte[] seed)
    {
        var evaluation = CostEngine.Evaluate(GeneratedScenario(seed));

        return evaluation.Options.All(o =>
        {
            var scale = Math.Max(1, o.Months.Sum(m => Math.Abs(m.Cash)));
            var sumsMatch = o.Months.All(m => Math.Abs(m.Cash - (m.Usage + m.Compute + m.Energy + m.Colocation + m.Maintenance
                + m.Staff + m.Capex + m.Setup + m.Fixed + m.Resale + m.Tax + m.Financing + m.Lease)) <= 1e-9 * scale);
            return sumsMatch && Math.Abs(o.TotalCost - o.Months.Sum(m => m.Cash)) <= 1e-9 * scale;
        });
    }

    [Property(MaxTest = 60)]
    public bool The_fast_present_values_equal_the_evaluated_ones(byte[] seed)
    {
        var scenario = GeneratedScenario(seed);
        var evaluated = CostEngine.Evaluate(scenario).Options.Select(o => o.PresentValue).ToArray();
        var fast = CostEngine.PresentValues(scenario);

        return evaluated.Zip(fast).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * Math.Max(1, Math.Abs(p.First)));
    }

    [Property(MaxTest = 60)]
    public bool The_onprem_fleet_never_shrinks_and_covers_the_needed_gpus(byte[] seed)
    {
        var scenario = GeneratedScenario(seed);
        var onPrem = CostEngine.Evaluate(scenario).GetOption("onprem");
        var servers = onPrem.Months.Skip(1).Select(m => m.Servers).ToArray();

        return servers.Zip(servers.Skip(1)).All(p => p.Second >= p.First)
            && onPrem.Servers == servers[^1]
            && onPrem.PeakGpus <= servers[^1] * ((OnPremOption)scenario.Options[2]).GpusPerServer;
    }

    /// <summary>A valid api + cloud + onprem scenario with every input drawn from the seed bytes (cycled).</summary>
    private static Scenario GeneratedScenario(byte[] seed)
    {
        int B(int i) => seed.Length == 0 ? 0 : seed[i % seed.Length] ^ (i * 37 % 256);
        var powerKw = 5 + B(18) % 10;
        return new Scenario
        {
            Name = "generated",
            HorizonMonths = 1 + B(0) % 36,
            DiscountRateAnnual = (1 + B(1) % 30) / 100.0,
            TaxRateAnnual = B(38) % 3 == 0 ? 0 : B(38) % 50 / 100.0,
            Workload = new Workload
            {
                RequestsPerMonth = B(2) * 50_000,
                MonthlyGrowth = (B(3) % 21 - 10) / 100.0,
                InputTokensPerRequest = B(4) * 10,
                OutputTokensPerRequest = 1 + B(5) * 4,
                PeakToAverage = 1 + B(6) % 30 / 10.0,
            },
            Baseline = "api",
            Options =
            [
                new ApiOption
                {
                    Id = "api",
                    InputPricePerMillion = B(7) / 50.0,
                    OutputPricePerMillion = B(8) / 10.0,
                    AnnualPriceChange = (B(9) % 11 - 5) / 10.0,
                    FixedMonthly = B(23) * 10,
                    SetupCost = B(24) * 100,
                },
                new CloudOption
                {
                    Id = "cloud",
                    GpuHourPrice = 0.5 + B(10) / 50.0,
                    AnnualPriceChange = (B(25) % 11 - 5) / 10.0,
                    PrefillTokensPerGpuSecond = 1_000 + B(26) * 100,
                    DecodeTokensPerGpuSecond = 100 + B(27) * 10,
                    TargetUtilization = (1 + B(11) % 100) / 100.0,
                    MinGpus = B(12) % 5,
                    StaffFte = B(13) % 3 / 2.0,
                    FteAnnualCost = 150_000,
                    StaffEscalationAnnual = (B(35) % 11 - 5) / 20.0,
                    SetupCost = B(28) * 100,
                },
                new OnPremOption
                {
                    Id = "onprem",
                    ServerPrice = 50_000 + B(14) * 1_000,
                    GpusPerServer = 1 << (B(15) % 4),
                    MinServers = B(16) % 3,
                    PrefillTokensPerGpuSecond = 1_000 + B(26) * 100,
                    DecodeTokensPerGpuSecond = 100 + B(27) * 10,
                    TargetUtilization = (1 + B(29) % 100) / 100.0,
                    ServerPowerKw = powerKw,
                    ServerIdlePowerKw = powerKw * (B(17) % 11) / 10.0,
                    Pue = 1 + B(19) % 10 / 10.0,
                    ElectricityPerKwh = B(20) / 1_000.0,
                    ElectricityEscalationAnnual = (B(36) % 11 - 5) / 20.0,
                    ColocationPerKwMonth = B(21),
                    MaintenanceRateAnnual = B(22) % 20 / 100.0,
                    DepreciationYears = 0.5 + B(30) % 12 / 2.0,
                    ResaleValueFraction = B(31) % 11 / 10.0,
                    UsefulLifeYears = B(39) % 4 == 0 ? 0 : (1 + B(39) % 12) / 4.0,
                    AnnualPriceChange = (B(40) % 11 - 5) / 20.0,
                    LoanYears = B(41) % 3 == 0 ? 0 : (1 + B(41) % 10) / 2.0,
                    LoanAnnualRate = B(41) % 3 == 0 ? 0 : B(42) % 15 / 100.0,
                    LoanDownPaymentFraction = B(41) % 3 == 0 ? 0 : B(43) % 5 / 10.0,
                    StaffFte = B(32) % 3 / 2.0,
                    FteAnnualCost = 150_000,
                    StaffEscalationAnnual = (B(37) % 11 - 5) / 20.0,
                    FixedMonthly = B(33) * 10,
                    SetupCost = B(34) * 1_000,
                },
                new OnPremOption
                {
                    Id = "leased",
                    ServerPrice = 50_000 + B(44) * 1_000,
                    GpusPerServer = 1 << (B(45) % 4),
                    PrefillTokensPerGpuSecond = 1_000 + B(26) * 100,
                    DecodeTokensPerGpuSecond = 100 + B(27) * 10,
                    TargetUtilization = (1 + B(46) % 100) / 100.0,
                    ServerPowerKw = powerKw,
                    ElectricityPerKwh = B(20) / 1_000.0,
                    DepreciationYears = 3,
                    AnnualPriceChange = (B(47) % 11 - 5) / 20.0,
                    LeaseTermMonths = 1 + B(48) % 48,
                    LeaseRateFactor = (1 + B(49) % 50) / 1_000.0,
                },
            ],
        };
    }
}
