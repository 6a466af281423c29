using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Text;

namespace Planner.CostModel.Scenarios;

/// <summary>Bought servers, run in one's own or a colocation data centre (a hybrid is one with a bounded fleet and an overflow: <see cref="HybridOption"/>).</summary>
public record OnPremOption : GpuOption
{
    public static readonly OptionKindDescriptor Descriptor = new()
    {
        Kind = OptionKind.OnPrem,
        JsonName = "onprem",
        Label = "On-premises",
        AddLabel = "Buy servers (on-premises)",
        Fields =
        [
            new("serverPrice", "Server price", "¤/server", NumberRange.Between(0, 1e9),
                o => ((OnPremOption)o).ServerPrice, (o, v) => (OnPremOption)o with { ServerPrice = v },
                Requirement.Required, suppliedBy: ReferenceField.Gpu,
                help: "The purchase price of one server with its GPUs.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("gpusPerServer", "GPUs per server", "GPUs", NumberRange.Between(1, 1024),
                o => ((OnPremOption)o).GpusPerServer, (o, v) => (OnPremOption)o with { GpusPerServer = (int)v },
                Requirement.Required, isInteger: true,
                help: "How many GPUs one server holds; servers are bought whole.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("annualPriceChange", "Annual server price change", "per year", NumberRange.RateChange,
                o => ((OnPremOption)o).AnnualPriceChange, (o, v) => (OnPremOption)o with { AnnualPriceChange = v },
                help: "How the price of a new server moves each year, for servers bought later (negative when prices fall).",
                methodologyAnchor: "on-premises-owned-servers"),
            new("minServers", "Minimum servers", "servers", NumberRange.Between(0, 100_000),
                o => ((OnPremOption)o).MinServers, (o, v) => (OnPremOption)o with { MinServers = (int)v }, isInteger: true,
                help: "Servers owned from the start whatever the demand.",
                methodologyAnchor: "on-premises-owned-servers"),
            .. InputFields.GpuFields,
            new("serverPowerKw", "Server power at full load", "kW", NumberRange.Between(0, 1000),
                o => ((OnPremOption)o).ServerPowerKw, (o, v) => (OnPremOption)o with { ServerPowerKw = v }, Requirement.Required,
                help: "Electrical power one server draws at full load; colocation is charged on it.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("serverIdlePowerKw", "Server power when idle", "kW", NumberRange.Between(0, 1000),
                o => ((OnPremOption)o).EffectiveIdlePowerKw, (o, v) => (OnPremOption)o with { ServerIdlePowerKw = v },
                isDefault: o => ((OnPremOption)o).ServerIdlePowerKw is null,
                help: "Electrical power one server draws when idle; power is interpolated between idle and full load.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("pue", "Power usage effectiveness", "ratio", NumberRange.Between(1, 5),
                o => ((OnPremOption)o).Pue, (o, v) => (OnPremOption)o with { Pue = v },
                help: "Power usage effectiveness: facility power divided by IT power (1.0 = no cooling overhead, 1.4 is typical).",
                methodologyAnchor: "on-premises-owned-servers"),
            new("electricityPerKwh", "Electricity price", "¤/kWh", NumberRange.Between(0, 1000),
                o => ((OnPremOption)o).ElectricityPerKwh, (o, v) => (OnPremOption)o with { ElectricityPerKwh = v },
                help: "The price of one kilowatt-hour of electricity.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("electricityEscalationAnnual", "Electricity price escalation", "per year", NumberRange.RateChange,
                o => ((OnPremOption)o).ElectricityEscalationAnnual, (o, v) => (OnPremOption)o with { ElectricityEscalationAnnual = v },
                help: "How much the electricity price rises each year.",
                methodologyAnchor: "demand"),
            new("colocationPerKwMonth", "Colocation price", "¤/kW-month", NumberRange.Between(0, 1e6),
                o => ((OnPremOption)o).ColocationPerKwMonth, (o, v) => (OnPremOption)o with { ColocationPerKwMonth = v },
                help: "The data-centre rent per kilowatt of server power per month.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("maintenanceRateAnnual", "Maintenance", "of capex per year", NumberRange.Fraction,
                o => ((OnPremOption)o).MaintenanceRateAnnual, (o, v) => (OnPremOption)o with { MaintenanceRateAnnual = v },
                help: "Yearly maintenance as a share of the hardware's purchase price.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("depreciationYears", "Depreciation life", "years", NumberRange.Between(0.01, 30),
                o => ((OnPremOption)o).DepreciationYears, (o, v) => (OnPremOption)o with { DepreciationYears = v }, Requirement.Required,
                help: "Years over which a server is written off in a straight line; it sets its book value at resale and the tax it saves.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("resaleValueFraction", "Resale value (of book value)", "fraction", NumberRange.Fraction,
                o => ((OnPremOption)o).ResaleValueFraction, (o, v) => (OnPremOption)o with { ResaleValueFraction = v },
                help: "The share of a server's remaining book value recovered when it is sold (100% = sold at book value).",
                methodologyAnchor: "on-premises-owned-servers"),
            new("usefulLifeYears", "Useful life (refresh cycle; 0 = never replaced)", "years", NumberRange.Between(0, 30),
                o => ((OnPremOption)o).UsefulLifeYears, (o, v) => (OnPremOption)o with { UsefulLifeYears = v },
                help: "Years a server is kept before it is replaced by a new one (0 = kept for the whole horizon).",
                methodologyAnchor: "on-premises-owned-servers"),
            new("loanYears", "Loan term (0 = bought outright)", "years", NumberRange.Between(0, 30),
                o => ((OnPremOption)o).LoanYears, (o, v) => (OnPremOption)o with { LoanYears = v },
                help: "Years over which the financed part of each purchase is repaid in equal monthly payments (0 = paid in cash).",
                methodologyAnchor: "on-premises-owned-servers"),
            new("loanAnnualRate", "Loan interest rate", "per year", NumberRange.Between(0, 1),
                o => ((OnPremOption)o).LoanAnnualRate, (o, v) => (OnPremOption)o with { LoanAnnualRate = v },
                help: "The loan's yearly interest rate; payments use a twelfth of it per month.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("loanDownPaymentFraction", "Loan down payment", "of the price", NumberRange.Fraction,
                o => ((OnPremOption)o).LoanDownPaymentFraction, (o, v) => (OnPremOption)o with { LoanDownPaymentFraction = v },
                help: "The share of each purchase paid in cash when it is bought; the rest is financed by the loan.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("leaseTermMonths", "Lease term (0 = not leased)", "months", NumberRange.Between(0, 600),
                o => ((OnPremOption)o).LeaseTermMonths, (o, v) => (OnPremOption)o with { LeaseTermMonths = (int)v }, isInteger: true,
                help: "Months of each lease when the servers are leased instead of bought (0 = bought); a lease ending is renewed at the then price.",
                methodologyAnchor: "on-premises-owned-servers"),
            new("leaseRateFactor", "Lease rate factor", "of the price per month", NumberRange.Between(0, 1),
                o => ((OnPremOption)o).LeaseRateFactor, (o, v) => (OnPremOption)o with { LeaseRateFactor = v },
                help: "The monthly lease payment as a share of the servers' equipment price, paid at the start of each month.",
                methodologyAnchor: "on-premises-owned-servers"),
            InputFields.FixedMonthly,
            InputFields.SetupCost,
        ],
        Create = id => new OnPremOption { Id = id },
        Starter = id => new OnPremOption { Id = id, GpusPerServer = 8 },
        References = [ReferenceField.Gpu, ReferenceField.ThroughputFrom, ReferenceField.CapacityFrom, ReferenceField.TrainingFrom],
        CatalogLabel = "GPU and its purchase price (catalog)",
        Rules = (option, scenario, path) => IdlePowerRule(option, path).Concat(LoanRule(option, path)).Concat(LeaseRule(option, path))
            .Concat(GpuOption.TargetRules(option, scenario, path)),
        CashFlow = timeline => new OnPremCashFlow(timeline),
        SheetFormulas = OnPremCashFlow.SheetFormulas,
        SheetHelperHeaders =
        [
            "Busy GPUs (average, with retraining)", "GPUs needed", "Servers wanted", "Resale value when sold", "Servers entering service",
            "Book value when sold", "Loan payments", "Loan balance", "Price of servers entering service",
        ],
    };

    public override OptionKind Kind => OptionKind.OnPrem;

    public double ServerPrice { get; init; } = double.NaN;

    public int GpusPerServer { get; init; }

    public int MinServers { get; init; } = 1;

    public double ServerPowerKw { get; init; } = double.NaN;

    /// <summary>Null means "same as <see cref="ServerPowerKw"/>".</summary>
    public double? ServerIdlePowerKw { get; init; }

    public double EffectiveIdlePowerKw => ServerIdlePowerKw ?? ServerPowerKw;

    public double Pue { get; init; } = 1;

    public double ElectricityPerKwh { get; init; }

    /// <summary>Annual escalation of the electricity price: month t pays it times (1 + escalation)^((t - 1) / 12).</summary>
    public double ElectricityEscalationAnnual { get; init; }

    public double ColocationPerKwMonth { get; init; }

    public double MaintenanceRateAnnual { get; init; }

    public double DepreciationYears { get; init; } = double.NaN;

    public double ResaleValueFraction { get; init; } = 1;

    /// <summary>Annual change of the server price: servers entering service in month t cost serverPrice x (1 + change)^((t - 1) / 12).</summary>
    public double AnnualPriceChange { get; init; }

    /// <summary>
    /// Years a server serves before it is replaced (bought again at that month's price, the old one sold at its resale
    /// value); 0 keeps servers for the whole horizon.
    /// </summary>
    public double UsefulLifeYears { get; init; }

    /// <summary>Years over which each purchase's financed part is repaid in equal monthly payments; 0 buys outright.</summary>
    public double LoanYears { get; init; }

    /// <summary>The loan's annual interest rate (monthly rate = annual / 12).</summary>
    public double LoanAnnualRate { get; init; }

    /// <summary>The share of each purchase paid when bought; the rest is borrowed.</summary>
    public double LoanDownPaymentFraction { get; init; }

    /// <summary>
    /// Months of each lease; 0 buys the servers. Leased servers are never bought: each month pays
    /// <see cref="LeaseRateFactor"/> x the equipment price of the servers leased, and a lease ending is renewed at that
    /// month's price.
    /// </summary>
    public int LeaseTermMonths { get; init; }

    /// <summary>The monthly lease payment as a share of the equipment price.</summary>
    public double LeaseRateFactor { get; init; }

    private static readonly PhraseTemplate LeaseTermMissing = new("onprem.leaseTermMissing",
        "is required with leaseRateFactor (must be a whole number >= 1 and <= 600; got leaseRateFactor {0} without it)");
    private static readonly PhraseTemplate LeaseRateMissing = new("onprem.leaseRateMissing", "is required with leaseTermMonths (must be > 0 and <= 1)");
    private static readonly PhraseTemplate LeaseWithLoan = new("onprem.leaseWithLoan", "must be 0 with a lease (leased servers are not bought; got leaseTermMonths and loanYears)");
    private static readonly PhraseTemplate LeaseWithRefresh = new("onprem.leaseWithRefresh",
        "must be 0 with a lease (a leased fleet is renewed at the end of each lease term; got leaseTermMonths and usefulLifeYears)");
    private static readonly PhraseTemplate LeaseWithResale = new("onprem.leaseWithResale", "must be left out with a lease (leased servers are not resold; got {0})");
    private static readonly PhraseTemplate LoanPartWithoutTerm = new("onprem.loanPartWithoutTerm", "needs loanYears > 0 (a loan's term; got {0} {1} without it)");
    private static readonly PhraseTemplate IdleAboveFull = new("onprem.idleAboveFull", "must be <= serverPowerKw ({0}) (got {1})");

    /// <summary>A lease needs its term and rate factor, and a leased fleet is neither bought on credit, refreshed nor resold.</summary>
    private static IEnumerable<InputProblem> LeaseRule(SourcingOption option, string path)
    {
        if (!option.Kind.OwnsServers())
        {
            yield break;
        }
        var onPrem = (OnPremOption)option;
        if (onPrem.LeaseTermMonths == 0)
        {
            if (onPrem.LeaseRateFactor != 0)
            {
                yield return InputProblem.At($"{path}.leaseTermMonths", LeaseTermMissing.With(ScenarioJson.Format(onPrem.LeaseRateFactor)));
            }
            yield break;
        }
        if (onPrem.LeaseRateFactor == 0)
        {
            yield return InputProblem.At($"{path}.leaseRateFactor", LeaseRateMissing.With());
        }
        if (onPrem.LoanYears != 0)
        {
            yield return InputProblem.At($"{path}.loanYears", LeaseWithLoan.With());
        }
        if (onPrem.UsefulLifeYears != 0)
        {
            yield return InputProblem.At($"{path}.usefulLifeYears", LeaseWithRefresh.With());
        }
        if (onPrem.ResaleValueFraction != 1)
        {
            yield return InputProblem.At($"{path}.resaleValueFraction", LeaseWithResale.With(ScenarioJson.Format(onPrem.ResaleValueFraction)));
        }
    }

    /// <summary>A loan's rate or down payment means nothing without its term.</summary>
    private static IEnumerable<InputProblem> LoanRule(SourcingOption option, string path)
    {
        if (option.Kind.OwnsServers() && ((OnPremOption)option) is { LoanYears: 0 } onPrem)
        {
            if (onPrem.LoanAnnualRate != 0)
            {
                yield return InputProblem.At($"{path}.loanAnnualRate", LoanPartWithoutTerm.With("loanAnnualRate", ScenarioJson.Format(onPrem.LoanAnnualRate)));
            }
            if (onPrem.LoanDownPaymentFraction != 0)
            {
                yield return InputProblem.At($"{path}.loanDownPaymentFraction", LoanPartWithoutTerm.With("loanDownPaymentFraction", ScenarioJson.Format(onPrem.LoanDownPaymentFraction)));
            }
        }
    }

    private static IEnumerable<InputProblem> IdlePowerRule(SourcingOption option, string path)
    {
        if (option.Kind.OwnsServers() && ((OnPremOption)option) is { ServerIdlePowerKw: { } idle } onPrem && idle > onPrem.ServerPowerKw)
        {
            yield return InputProblem.At($"{path}.serverIdlePowerKw", IdleAboveFull.With(ScenarioJson.Format(onPrem.ServerPowerKw), ScenarioJson.Format(idle)));
        }
    }
}

/// <summary>
/// Servers bought at the start of the month that needs them (sized for the peak hour at the target utilization),
/// energy, colocation, maintenance and staff each month (electricity and staff escalated), and resale at the horizon at the remaining straight-line
/// book value times the resale fraction.
/// </summary>
internal class OnPremCashFlow(Timeline timeline) : OptionCashFlow<OnPremOption>(timeline)
{
    private readonly AnnualChangeFactors _staffEscalation = new();
    private readonly AnnualChangeFactors _electricityEscalation = new();
    private double _gpuSecondsPerRequest;
    private double[] _staffFactors = [];
    private double[] _electricityFactors = [];
    private double[] _priceFactors = [];

    /// <summary>Months a server serves before it is replaced; <see cref="Never"/> without a refresh cycle.</summary>
    private int _serviceMonths = Never;

    /// <summary>Servers entering service in month t (bought at t - 1): the fleet's growth plus the servers they replace.</summary>
    private int[] _cohort = [];

    /// <summary>Proceeds and book value of the servers sold at t (replaced ones before H, every server left at H).</summary>
    private double[] _sold = [];
    private double[] _bookSold = [];

    /// <summary>The amount borrowed at t (the financed part of the purchases paid at t).</summary>
    private double[] _borrowed = [];

    /// <summary>Monthly payments of each loan; 0 when servers are bought outright.</summary>
    private int _loanMonths;

    /// <summary>Whether the servers are leased (never bought, resold or depreciated).</summary>
    private bool _leased;

    /// <summary>Whether the fleet is sized in replicas at the workload's latency targets.</summary>
    private bool _atTargets;

    /// <summary>Staff cost of the first month, before escalation.</summary>
    private double _staffAtStart;

    /// <summary>A server's idle power, at most its full-load power.</summary>
    private double _idleKw;

    /// <summary>GPUs retraining keeps busy on average.</summary>
    private double _retrainingGpus;

    private const int Never = int.MaxValue;

    /// <summary>The busiest hour's rate over the average rate, for which the fleet is bought (a hybrid: its percentile hour, or 0 for a fixed fleet).</summary>
    protected virtual double SizingFactor => Timeline.PeakToAverage;

    /// <summary>Servers owned whatever the demand (a hybrid: its base servers).</summary>
    protected virtual int MinimumServers => Current.MinServers;

    /// <summary>Whether part of the demand goes to another option (<see cref="Overflow"/>); false for owned servers alone.</summary>
    protected virtual bool Overflows => false;

    /// <summary>
    /// A hybrid's month <paramref name="t"/>: splits <paramref name="requests"/> between the <paramref name="servers"/>
    /// owned and the overflow, sets <paramref name="busyGpus"/> to the owned part's load, fills the overflow's detail and
    /// returns its charge (a running cost of the month).
    /// </summary>
    protected virtual double Overflow(int t, double requests, int servers, ref double busyGpus, CashFlowDetail? detail) => 0;

    protected override void Prepared()
    {
        var o = Current;
        _gpuSecondsPerRequest = GpuSecondsPerRequest(o);
        _staffFactors = _staffEscalation.For(Timeline, o.StaffEscalationAnnual);
        _electricityFactors = _electricityEscalation.For(Timeline, o.ElectricityEscalationAnnual);
        _priceFactors = PriceFactors(o.AnnualPriceChange);
        _leased = o.LeaseTermMonths > 0;
        _atTargets = o.SizedAtTargets(Timeline.HasLatencyTargets);
        _serviceMonths = _leased ? o.LeaseTermMonths
            : o.UsefulLifeYears > 0 ? Math.Max(1, CeilTolerant(12 * o.UsefulLifeYears)) : Never;
        _loanMonths = o.LoanYears > 0 && !_leased ? Math.Max(1, CeilTolerant(12 * o.LoanYears)) : 0;
        _staffAtStart = o.StaffFte * o.FteAnnualCost / 12;
        _idleKw = Math.Min(o.EffectiveIdlePowerKw, o.ServerPowerKw);
        _retrainingGpus = o.RetrainingGpuHoursPerMonth / Timeline.HoursPerMonth;
        _fleetParts.Forget();
    }

    /// <summary>
    /// The option's cost at <paramref name="requestsPerMonth"/> in the first month, in the steps of docs/methodology.md:
    /// the fleet sized, bought (or leased), refreshed and run month by month (<see cref="BuyAndRun"/>); what those
    /// purchases alone decide: the servers left sold at the horizon, the loans, the depreciation
    /// (<see cref="ValuesOfPurchases"/>); and the tax on all of it (<see cref="WithTax"/>). Returns the present value of
    /// the cost; fills <paramref name="detail"/> month by month when given.
    /// </summary>
    public override double Run(double requestsPerMonth, CashFlowDetail? detail = null)
    {
        var o = Current;
        var h = Timeline.Horizon;
        if (_cohort.Length != h + 2)
        {
            _cohort = new int[h + 2];
            _sold = new double[h + 1];
            _bookSold = new double[h + 1];
            _borrowed = new double[h + 1];
        }
        var run = BuyAndRun(o, requestsPerMonth, detail);
        var purchases = ValuesOfPurchases(o, detail);
        var deductiblePv = run.PresentValue + run.CashAtStart - run.CapexPresentValue + run.SalesPresentValue;
        var pv = run.PresentValue + (run.CashAtStart - purchases.Resale * Timeline.Discount[h]);
        if (_loanMonths > 0)
        {
            pv += purchases.LoansPresentValue;
            deductiblePv += purchases.InterestPresentValue;
        }
        if (Timeline.TaxRate > 0)
        {
            pv = WithTax(pv, deductiblePv, purchases);
        }
        if (detail is not null)
        {
            detail.Setup[0] = o.SetupCost;
            detail.Cash[0] += o.SetupCost;
            detail.Resale[h] = -purchases.Resale;
            detail.Cash[h] -= purchases.Resale;
            FillDemand(requestsPerMonth, detail);
            ApplyTax(detail, _bookSold);
        }
        return pv;
    }

    /// <summary>
    /// What a run's purchases (the servers entering service each month, <see cref="_cohort"/>) alone decide, in present
    /// values: the servers left sold at the horizon, the loans and their interest, the depreciation and the book value of
    /// what is left at the horizon.
    /// </summary>
    private readonly record struct PurchaseValues(
        double Resale, double LoansPresentValue, double InterestPresentValue, double DepreciationPresentValue, double BookValueAtHorizon);

    /// <summary>
    /// <see cref="PurchaseValues"/> of this run: a run without detail that bought the same servers in every month as the
    /// run before reads that run's values (the same doubles) instead of recomputing them (ADR 048); a detailed run
    /// computes its own (its depreciation month by month) and leaves nothing for the next.
    /// </summary>
    private PurchaseValues ValuesOfPurchases(OnPremOption o, CashFlowDetail? detail)
    {
        if (detail is not null)
        {
            _fleetParts.Forget();
            return ComputeValuesOfPurchases(o, detail);
        }
        if (_fleetParts.BoughtAs(_cohort))
        {
            return _fleetParts.Values;
        }
        var values = ComputeValuesOfPurchases(o, null);
        _fleetParts.Keep(_cohort, values);
        return values;
    }

    /// <summary>
    /// The resale at the horizon (<see cref="Resale"/>), the loans (<see cref="Loans"/>; filling the detail's financing),
    /// and, where the tax or the detail needs them, the depreciation (its present value alone, O(H), on the fast path;
    /// month by month into the detail) and the book value left at the horizon.
    /// </summary>
    private PurchaseValues ComputeValuesOfPurchases(OnPremOption o, CashFlowDetail? detail)
    {
        var resale = _leased ? 0 : Resale(o, o.ResaleValueFraction);
        var loansPv = 0.0;
        var interestPv = 0.0;
        if (_loanMonths > 0)
        {
            loansPv = Loans(o, detail, out interestPv);
        }
        var taxed = Timeline.TaxRate > 0;
        var depreciationPv = 0.0;
        if (detail is not null)
        {
            Depreciation(o, detail.Depreciation);
            depreciationPv = Timeline.PresentValue(detail.Depreciation);
        }
        else if (taxed)
        {
            depreciationPv = DepreciationPresentValue(o);
        }
        var bookAtHorizon = taxed && !_leased ? Resale(o, 1) : 0;
        return new PurchaseValues(resale, loansPv, interestPv, depreciationPv, bookAtHorizon);
    }

    /// <summary>
    /// <paramref name="pv"/> after tax (docs/methodology.md, "Tax"): running costs and interest
    /// (<paramref name="deductiblePv"/>) deductible when paid, purchases through their depreciation, each sale (replaced
    /// servers, and those left at the horizon) taxed above its book value and deductible below it.
    /// </summary>
    private double WithTax(double pv, double deductiblePv, PurchaseValues purchases)
    {
        var tax = Timeline.TaxRate;
        var h = Timeline.Horizon;
        _bookSold[h] = purchases.BookValueAtHorizon;
        pv += -tax * (deductiblePv + purchases.DepreciationPresentValue) + tax * (purchases.Resale - _bookSold[h]) * Timeline.Discount[h];
        if (_serviceMonths != Never)
        {
            for (var t = 1; t < h; t++)
            {
                pv += tax * (_sold[t] - _bookSold[t]) * Timeline.Discount[t];
            }
        }
        return pv;
    }

    /// <summary>The values of a run that depend only on the servers bought each month (<see cref="Run"/>), for the next run that buys the same.</summary>
    private readonly FleetParts _fleetParts = new();

    /// <summary>
    /// The <see cref="PurchaseValues"/> of the last run without detail, with the purchases (servers entering service by
    /// month) they were computed for. The break-even search runs an option at dozens of demands; near the break-even most
    /// of them buy the same fleet. Forgotten when the option or timeline is prepared again.
    /// </summary>
    private sealed class FleetParts
    {
        private int[] _cohort = [];
        private bool _known;

        public PurchaseValues Values { get; private set; }

        /// <summary>Whether the values kept are those of a run that bought <paramref name="cohort"/>.</summary>
        public bool BoughtAs(int[] cohort) => _known && cohort.AsSpan().SequenceEqual(_cohort);

        /// <summary>Keeps <paramref name="values"/> as those of <paramref name="cohort"/>'s purchases.</summary>
        public void Keep(int[] cohort, PurchaseValues values)
        {
            if (_cohort.Length != cohort.Length)
            {
                _cohort = new int[cohort.Length];
            }
            cohort.CopyTo(_cohort, 0);
            Values = values;
            _known = true;
        }

        public void Forget() => _known = false;
    }

    /// <summary>
    /// The loans that finance the purchases (docs/methodology.md, "Financing"): each purchase's financed part is borrowed
    /// when paid and repaid in equal monthly payments from the next month; the balance still owed at H is paid then.
    /// The loans are carried as one balance (interest on it, payments of the loans still running); returns the present
    /// value of the flows and, in <paramref name="interestPresentValue"/>, of the interest.
    /// </summary>
    private double Loans(OnPremOption o, CashFlowDetail? detail, out double interestPresentValue)
    {
        var h = Timeline.Horizon;
        var n = _loanMonths;
        var rate = o.LoanAnnualRate / 12;
        var paymentPerBorrowed = rate == 0 ? 1.0 / n : rate / (1 - Math.Pow(1 + rate, -n));
        var financed = 1 - o.LoanDownPaymentFraction;
        var balance = 0.0;
        var running = 0.0;
        var pv = 0.0;
        interestPresentValue = 0;
        for (var p = 0; p <= h; p++)
        {
            var payment = 0.0;
            var interest = 0.0;
            if (p >= 1)
            {
                // The loans borrowed at p - n .. p - 1 make a payment at p.
                running += _borrowed[p - 1];
                if (p - 1 - n >= 0)
                {
                    running -= _borrowed[p - 1 - n];
                }
                interest = rate * balance;
                payment = paymentPerBorrowed * running;
                balance += interest - payment;
            }
            _borrowed[p] = p < h ? financed * CohortPrice(o, p + 1) : 0;
            balance += _borrowed[p];
            var flow = payment - _borrowed[p];
            if (p == h)
            {
                flow += balance;
            }
            pv += flow * Timeline.Discount[p];
            interestPresentValue += interest * Timeline.Discount[p];
            if (detail is not null)
            {
                detail.Financing[p] = flow;
                detail.Interest[p] = interest;
                detail.Cash[p] += flow;
            }
        }
        return pv;
    }

    /// <summary>The price paid for the servers entering service in month <paramref name="t"/>: today's price moved by the price trend to t.</summary>
    private double CohortPrice(OnPremOption o, int t) => _cohort[t] * o.ServerPrice * _priceFactors[t];

    /// <summary>The sums a run's months add up to (<see cref="BuyAndRun"/>).</summary>
    private struct MonthSums
    {
        /// <summary>The present value of every flow after t = 0: purchases, lease payments, running costs, less sales of replaced servers.</summary>
        public double PresentValue;

        /// <summary>The cash at t = 0: the setup cost, the first month's purchases or lease payment.</summary>
        public double CashAtStart;

        /// <summary>The present value of the purchases alone (t = 0 included).</summary>
        public double CapexPresentValue;

        /// <summary>The present value of the proceeds of replaced servers.</summary>
        public double SalesPresentValue;

        /// <summary>The purchases' prices, undiscounted.</summary>
        public double CapexTotal;

        /// <summary>The equipment price of the servers on lease now.</summary>
        public double LeasedValue;
    }

    /// <summary>
    /// Runs the fleet month by month: sizes it for the month's demand (<see cref="GpusNeeded"/>), grows it
    /// (<see cref="Grow"/>), replaces the servers at the end of their service (<see cref="Replace"/>), pays the lease
    /// (<see cref="PayLease"/>) or buys the servers entering service (<see cref="Buy"/>), and pays the running costs
    /// (<see cref="RunningCost"/>, with a hybrid's <see cref="Overflow"/>). The steps run in this order within each month,
    /// which the sums' order of additions, and so their last digits, depend on.
    /// </summary>
    private MonthSums BuyAndRun(OnPremOption o, double demand, CashFlowDetail? detail)
    {
        var sums = new MonthSums { CashAtStart = o.SetupCost };
        var servers = 0;
        var peakGpus = 0;
        // The kind's constants, read once: the break-even search runs this loop dozens of times per comparison.
        var sizingFactor = SizingFactor;
        var minimumServers = MinimumServers;
        var overflows = Overflows;
        var growth = Timeline.Growth;
        var discount = Timeline.Discount;
        for (var t = 1; t <= Timeline.Horizon; t++)
        {
            var (busyGpus, neededGpus) = GpusNeeded(o, demand, growth[t], sizingFactor);
            peakGpus = Math.Max(peakGpus, neededGpus);
            servers = Grow(t, servers, Math.Max(minimumServers, CeilTolerant((double)neededGpus / o.GpusPerServer)));
            Replace(o, t, ref sums, detail);
            if (_leased)
            {
                PayLease(o, t, ref sums, detail);
            }
            var purchase = Buy(o, t, ref sums);

            var overflow = 0.0;
            if (overflows)
            {
                // A hybrid: the owned fleet serves each hour up to its capacity, the rest goes to the overflow option.
                overflow = Overflow(t, demand * growth[t], servers, ref busyGpus, detail);
            }
            var running = RunningCost(o, t, servers, busyGpus, purchase, detail);
            if (overflows)
            {
                running += overflow;
            }
            sums.PresentValue += running * discount[t];
        }
        if (detail is not null)
        {
            detail.PeakGpus = peakGpus;
            detail.FinalServers = servers;
            detail.TotalCapex = sums.CapexTotal;
        }
        return sums;
    }

    /// <summary>
    /// The month's busy GPUs (serving its requests, <paramref name="demand"/> x <paramref name="growth"/>, with the
    /// retraining) and the GPUs the fleet needs for it: at the latency targets, whole replicas for the busiest hour's
    /// rate; otherwise the peak's busy GPUs at the target utilization, rounded up to whole replicas (a model on N
    /// tensor-parallel GPUs is bought N at a time).
    /// </summary>
    private (double BusyGpus, int NeededGpus) GpusNeeded(OnPremOption o, double demand, double growth, double sizingFactor)
    {
        var busyGpus = demand * growth * _gpuSecondsPerRequest / Timeline.SecondsPerMonth;
        var neededGpus = _atTargets
            ? TargetSizing.Needed(sizingFactor * demand * growth / Timeline.SecondsPerMonth, o.ReplicaRequestsPerSecond) * o.GpusPerReplica
            : WholeReplicas(CeilTolerant(sizingFactor * busyGpus / o.TargetUtilization), o.GpusPerReplica);
        if (_retrainingGpus != 0)
        {
            // Retraining runs in the fleet's spare hours; the fleet grows only when the average load with it needs more.
            busyGpus += _retrainingGpus;
            neededGpus = Math.Max(neededGpus, CeilTolerant(busyGpus / o.TargetUtilization));
        }
        return (busyGpus, neededGpus);
    }

    /// <summary>
    /// Grows the fleet of <paramref name="servers"/> to <paramref name="wanted"/> for month <paramref name="t"/> (it never
    /// shrinks): the new servers are the month's first entering service. Returns the fleet.
    /// </summary>
    private int Grow(int t, int servers, int wanted)
    {
        var newServers = Math.Max(0, wanted - servers);
        _cohort[t] = newServers;
        return servers + newServers;
    }

    /// <summary>
    /// The refresh cycle: the servers that entered service <see cref="_serviceMonths"/> months before month
    /// <paramref name="t"/> are replaced for it by as many new ones, and the old ones sold at its start at their
    /// straight-line book value times the resale fraction (leased ones: their lease ends and they are leased again).
    /// </summary>
    private void Replace(OnPremOption o, int t, ref MonthSums sums, CashFlowDetail? detail)
    {
        _sold[t - 1] = 0;
        _bookSold[t - 1] = 0;
        var n = _serviceMonths;
        if (n == Never || t - n < 1 || _cohort[t - n] == 0)
        {
            return;
        }
        _cohort[t] += _cohort[t - n];
        if (_leased)
        {
            sums.LeasedValue -= CohortPrice(o, t - n);
            return;
        }
        var book = CohortPrice(o, t - n) * Math.Max(0, 1 - n / (12 * o.DepreciationYears));
        _bookSold[t - 1] = book;
        _sold[t - 1] = book * o.ResaleValueFraction;
        var discount = Timeline.Discount[t - 1];
        sums.SalesPresentValue += _sold[t - 1] * discount;
        sums.PresentValue -= _sold[t - 1] * discount;
        if (detail is not null)
        {
            detail.Resale[t - 1] -= _sold[t - 1];
            detail.Cash[t - 1] -= _sold[t - 1];
        }
    }

    /// <summary>Leased servers: month <paramref name="t"/>'s payment, at its start, on the equipment price of every server on lease.</summary>
    private void PayLease(OnPremOption o, int t, ref MonthSums sums, CashFlowDetail? detail)
    {
        sums.LeasedValue += CohortPrice(o, t);
        var lease = o.LeaseRateFactor * sums.LeasedValue;
        if (t == 1)
        {
            sums.CashAtStart += lease;
        }
        else
        {
            sums.PresentValue += lease * Timeline.Discount[t - 1];
        }
        if (detail is not null)
        {
            detail.Lease[t - 1] = lease;
            detail.Cash[t - 1] += lease;
        }
    }

    /// <summary>
    /// Buys the servers entering service in month <paramref name="t"/> at its start, i.e. at the end of month t - 1, at
    /// the price trend's price (nothing when leased). Returns the price paid.
    /// </summary>
    private double Buy(OnPremOption o, int t, ref MonthSums sums)
    {
        var purchase = _leased ? 0 : CohortPrice(o, t);
        sums.CapexTotal += purchase;
        if (t == 1)
        {
            sums.CashAtStart += purchase;
            sums.CapexPresentValue += purchase;
        }
        else
        {
            var discount = Timeline.Discount[t - 1];
            sums.PresentValue += purchase * discount;
            sums.CapexPresentValue += purchase * discount;
        }
        return purchase;
    }

    /// <summary>
    /// Month <paramref name="t"/>'s running cost of <paramref name="servers"/> with <paramref name="busyGpus"/> busy:
    /// energy (power between idle and full load, times the PUE, at the escalated price), colocation on full power,
    /// maintenance on today's server price, escalated staff and the fixed cost. Records the month (and its
    /// <paramref name="purchase"/>) in the detail.
    /// </summary>
    private double RunningCost(OnPremOption o, int t, int servers, double busyGpus, double purchase, CashFlowDetail? detail)
    {
        var installedGpus = (double)servers * o.GpusPerServer;
        var load = installedGpus > 0 ? Math.Min(1, busyGpus / installedGpus) : 0;
        var kwh = servers * Timeline.HoursPerMonth * (_idleKw + (o.ServerPowerKw - _idleKw) * load) * o.Pue;
        var energy = kwh * o.ElectricityPerKwh * _electricityFactors[t];
        var colocation = servers * o.ServerPowerKw * o.ColocationPerKwMonth;
        var maintenance = servers * o.ServerPrice * o.MaintenanceRateAnnual / 12;
        var staff = _staffAtStart * _staffFactors[t];
        if (detail is not null)
        {
            detail.AddOwnedMonth(t, purchase, servers, installedGpus, kwh, energy, colocation, maintenance, staff, o.FixedMonthly);
            if (_atTargets)
            {
                detail.ReplicaHours[t] = Math.Floor(installedGpus / o.GpusPerReplica) * Timeline.HoursPerMonth;
            }
        }
        return energy + colocation + maintenance + staff + o.FixedMonthly;
    }

    /// <summary>
    /// Resale at t = H: the servers still in service (not replaced within the horizon), each purchase at its remaining
    /// straight-line book value times <paramref name="fraction"/> (the option's resale fraction; 1 gives the book value).
    /// </summary>
    private double Resale(OnPremOption o, double fraction)
    {
        var h = Timeline.Horizon;
        var lifeMonths = 12 * o.DepreciationYears;
        var resale = 0.0;
        for (var t = Math.Max(1, h - _serviceMonths + 1); t <= h; t++)
        {
            if (_cohort[t] > 0)
            {
                var ageMonths = h - t + 1;
                resale += CohortPrice(o, t) * Math.Max(0, 1 - ageMonths / lifeMonths) * fraction;
            }
        }
        return resale;
    }

    /// <summary>
    /// The present value of <see cref="Depreciation"/> without the months: a purchase of price P is depreciated by P / L
    /// in each month of age a ≤ L (L = 12 x depreciationYears) and by P (1 - INT(L) / L) in month INT(L) + 1 when L is
    /// not whole, while in service and within the horizon; sums of discount factors over those months give it in O(H)
    /// instead of the O(H²) month-by-month sum (the fast path runs it on every trial and break-even step).
    /// </summary>
    private double DepreciationPresentValue(OnPremOption o)
    {
        if (_leased)
        {
            return 0;
        }
        var h = Timeline.Horizon;
        var discount = Timeline.Discount;
        var prefix = Timeline.DiscountSums;
        var lifeMonths = 12 * o.DepreciationYears;
        var wholeLife = Math.Floor(lifeMonths);
        var pv = 0.0;
        for (var t0 = 1; t0 <= h; t0++)
        {
            if (_cohort[t0] == 0)
            {
                continue;
            }
            var price = CohortPrice(o, t0);
            var months = Math.Min(h - t0 + 1, _serviceMonths);
            var full = (int)Math.Min(months, wholeLife);
            pv += price / lifeMonths * (prefix[t0 + full - 1] - prefix[t0 - 1]);
            if (full < months && wholeLife < lifeMonths)
            {
                pv += price * (1 - wholeLife / lifeMonths) * discount[t0 + full];
            }
        }
        return pv;
    }

    /// <summary>
    /// Straight-line depreciation of every purchase while it is in service, month by month, into
    /// <paramref name="into"/>[1..H] (an accounting view, not cash; the tax shield's base). A purchase older than
    /// CEILING(L) + 1 months has no book value left and adds exactly 0, so each month sums only the purchases of its
    /// last CEILING(L) + 1 months: O(H × L) instead of O(H²) (issue 19), with the same sums.
    /// </summary>
    private void Depreciation(OnPremOption o, double[] into)
    {
        if (_leased)
        {
            Array.Clear(into);
            return;
        }
        var lifeMonths = 12 * o.DepreciationYears;
        var depreciatingMonths = (int)Math.Min(Timeline.Horizon, Math.Ceiling(lifeMonths) + 1);
        for (var t = 1; t <= Timeline.Horizon; t++)
        {
            var depreciation = 0.0;
            for (var t0 = Math.Max(1, t - Math.Min(_serviceMonths, depreciatingMonths) + 1); t0 <= t; t0++)
            {
                if (_cohort[t0] == 0)
                {
                    continue;
                }
                var price = CohortPrice(o, t0);
                var age = t - t0 + 1;
                var bookBefore = price * Math.Max(0, 1 - (age - 1) / lifeMonths);
                depreciation += Math.Min(price / lifeMonths, bookBefore);
            }
            into[t] = depreciation;
        }
    }

    /// <summary>
    /// The workbook's formulas: a fleet that never shrinks, sized for the peak hour, bought at the end of the month
    /// before use (growth plus replacements, at the price trend's price), running costs by the month, servers sold when
    /// replaced and at the horizon at their depreciated value, and the straight-line depreciation of each purchase while
    /// it is in service.
    /// </summary>
    public static void SheetFormulas(ICashFlowSheetMonth row)
    {
        var price = row.Input("serverPrice");
        var servers = row[CashFlowSheetColumn.Servers];
        var cohort = row[CashFlowSheetColumn.Helper5];
        // Months a server serves: the lease term when leased, else CEIL(12 x usefulLifeYears), or H + 1 (past the
        // horizon) without a refresh cycle.
        var usefulLife = row.Input("usefulLifeYears");
        var leaseTerm = row.Input("leaseTermMonths");
        var service = $"IF({leaseTerm}>0,{leaseTerm},IF({usefulLife}>0,MAX(1,{Evaluation.SheetFormulas.CeilTolerant($"12*{usefulLife}")}),{row.Horizon}+1))";
        // Servers for month t + 1 are bought (or their lease paid) at the end of month t, at month t + 1's price.
        row.Set(CashFlowSheetColumn.Capex, row.IsLastMonth ? "0" : $"IF({leaseTerm}>0,0,{row.Below(CashFlowSheetColumn.Helper9)})");
        if (!row.IsLastMonth)
        {
            var monthRows = row.AllMonths(CashFlowSheetColumn.Month);
            row.Set(CashFlowSheetColumn.Lease,
                $"IF({leaseTerm}>0,{row.Input("leaseRateFactor")}*SUMIFS({row.AllMonths(CashFlowSheetColumn.Helper9)},{monthRows},\">=\"&({row.Month}+2-{leaseTerm}),{monthRows},\"<=\"&({row.Month}+1)),0)");
        }
        // Loans (none when loanYears is 0): the financed part of each purchase is borrowed when paid.
        var loanYears = row.Input("loanYears");
        var borrowed = $"IF({loanYears}>0,(1-{row.Input("loanDownPaymentFraction")})*{row[CashFlowSheetColumn.Capex]},0)";
        var balance = row[CashFlowSheetColumn.Helper8];
        if (row.IsMonthZero)
        {
            row.Set(CashFlowSheetColumn.Helper5, "0");
            row.Set(CashFlowSheetColumn.Helper9, "0");
            row.Set(CashFlowSheetColumn.Helper8, borrowed);
            row.Set(CashFlowSheetColumn.Financing, $"-{borrowed}");
            return;
        }
        // Each loan is repaid in N = CEIL(12 x loanYears) equal payments from the month after it was borrowed, at the
        // monthly rate i = loanAnnualRate / 12: payment = borrowed x i / (1 - (1 + i)^-N) (borrowed / N when i = 0).
        var loanMonths = $"MAX(1,{Evaluation.SheetFormulas.CeilTolerant($"12*{loanYears}")})";
        var monthlyRate = $"({row.Input("loanAnnualRate")}/12)";
        var paymentPerBorrowed = $"IF({monthlyRate}=0,1/{loanMonths},{monthlyRate}/(1-(1+{monthlyRate})^(-{loanMonths})))";
        var capexRange = row.AllMonths(CashFlowSheetColumn.Capex);
        var monthRange = row.AllMonths(CashFlowSheetColumn.Month);
        row.Set(CashFlowSheetColumn.Helper7,
            $"IF({loanYears}>0,{paymentPerBorrowed}*(1-{row.Input("loanDownPaymentFraction")})"
            + $"*SUMIFS({capexRange},{monthRange},\">=\"&({row.Month}-{loanMonths}),{monthRange},\"<=\"&({row.Month}-1)),0)");
        row.Set(CashFlowSheetColumn.Interest, $"{monthlyRate}*{row.Above(CashFlowSheetColumn.Helper8)}");
        row.Set(CashFlowSheetColumn.Helper8,
            $"{row.Above(CashFlowSheetColumn.Helper8)}+{row[CashFlowSheetColumn.Interest]}-{row[CashFlowSheetColumn.Helper7]}+{borrowed}");
        // The balance still owed at the horizon is paid then.
        row.Set(CashFlowSheetColumn.Financing,
            $"{row[CashFlowSheetColumn.Helper7]}-{borrowed}" + (row.IsLastMonth ? $"+{balance}" : ""));

        var busy = row[CashFlowSheetColumn.Helper1];
        var gpus = row[CashFlowSheetColumn.Gpus];
        var retrainingGpus = $"{row.Input("trainingGpuHoursPerRetrain")}*{row.Input("retrainsPerMonth")}/730";
        row.Set(CashFlowSheetColumn.Helper1, $"{row[CashFlowSheetColumn.Requests]}*{Evaluation.SheetFormulas.GpuSecondsPerRequest(row)}/(730*3600)+{retrainingGpus}");
        // GPUs needed at the peak: whole replicas for the busiest hour at the latency targets, else busy GPUs at the peak over the target utilization
        // rounded up to whole replicas; with retraining, at least its average load with serving's over the target utilization.
        var peakNeeded = $"IF({Evaluation.SheetFormulas.SizedAtTargets(row)},{Evaluation.SheetFormulas.PeakReplicasNeeded(row)}*{row.Input("gpusPerReplica")},"
            + $"{row.Input("gpusPerReplica")}*ROUNDUP({Evaluation.SheetFormulas.CeilTolerant($"{row.PeakHourFactor}*({busy}-{retrainingGpus})/{row.Input("targetUtilization")}")}/{row.Input("gpusPerReplica")},0))";
        row.Set(CashFlowSheetColumn.Helper2,
            $"IF({retrainingGpus}>0,MAX({peakNeeded},{Evaluation.SheetFormulas.CeilTolerant($"{busy}/{row.Input("targetUtilization")}")}),{peakNeeded})");
        row.Set(CashFlowSheetColumn.Helper3,
            $"MAX({row.Input("minServers")},{Evaluation.SheetFormulas.CeilTolerant($"{row[CashFlowSheetColumn.Helper2]}/{row.Input("gpusPerServer")}")})");
        row.Set(CashFlowSheetColumn.Servers, $"MAX({row.Above(CashFlowSheetColumn.Servers)},{row[CashFlowSheetColumn.Helper3]})");
        row.Set(CashFlowSheetColumn.Gpus, $"{servers}*{row.Input("gpusPerServer")}");
        var power = row.Input("serverPowerKw");
        var idle = $"MIN({row.Input("serverIdlePowerKw")},{power})";
        var load = $"IF({gpus}>0,MIN(1,{busy}/{gpus}),0)";
        row.Set(CashFlowSheetColumn.EnergyKwh, $"{servers}*730*({idle}+({power}-{idle})*{load})*{row.Input("pue")}");
        row.Set(CashFlowSheetColumn.Energy,
            $"{row[CashFlowSheetColumn.EnergyKwh]}*{row.Input("electricityPerKwh")}*{Evaluation.SheetFormulas.AnnualChangeFactor(row, "electricityEscalationAnnual")}");
        row.Set(CashFlowSheetColumn.Colocation, $"{servers}*{power}*{row.Input("colocationPerKwMonth")}");
        row.Set(CashFlowSheetColumn.Maintenance, $"{servers}*{price}*{row.Input("maintenanceRateAnnual")}/12");
        row.Set(CashFlowSheetColumn.Staff, Evaluation.SheetFormulas.Staff(row));

        // Servers entering service: the fleet's growth plus the servers that entered `service` months ago (replaced now).
        row.Set(CashFlowSheetColumn.Helper5,
            $"({servers}-{row.Above(CashFlowSheetColumn.Servers)})+IF({row.Month}-{service}>=1,INDEX({row.UpToAbove(CashFlowSheetColumn.Helper5)},{row.Month}-{service}+1),0)");
        // Their book value and resale value when sold: after `service` months, or at the horizon if that comes first.
        var life = $"(12*{row.Input("depreciationYears")})";
        row.Set(CashFlowSheetColumn.Helper9, $"{cohort}*{price}*{Evaluation.SheetFormulas.PriceFactor(row)}");
        row.Set(CashFlowSheetColumn.Helper6,
            $"IF({leaseTerm}>0,0,{row[CashFlowSheetColumn.Helper9]}*MAX(0,1-MIN({service},{row.Horizon}-{row.Month}+1)/{life}))");
        row.Set(CashFlowSheetColumn.Helper4, $"{row[CashFlowSheetColumn.Helper6]}*{row.Input("resaleValueFraction")}");
        var months = row.AllMonths(CashFlowSheetColumn.Month);
        if (row.IsLastMonth)
        {
            // Every server still in service (entered after H - service) is sold at the horizon.
            var alive = $"{months},\">=\"&MAX(1,{row.Horizon}-{service}+1)";
            row.Set(CashFlowSheetColumn.Resale, $"-SUMIFS({row.AllMonths(CashFlowSheetColumn.Helper4)},{alive})");
            row.Set(CashFlowSheetColumn.BookValueSold, $"SUMIFS({row.AllMonths(CashFlowSheetColumn.Helper6)},{alive})");
        }
        else
        {
            // The servers replaced for month t + 1 (entered service at t + 1 - service) are sold at the end of month t.
            var sold = $"{row.Month}+1-{service}";
            row.Set(CashFlowSheetColumn.Resale, $"-IF({sold}>=1,INDEX({row.AllMonths(CashFlowSheetColumn.Helper4)},{sold}+1),0)");
            row.Set(CashFlowSheetColumn.BookValueSold, $"IF({sold}>=1,INDEX({row.AllMonths(CashFlowSheetColumn.Helper6)},{sold}+1),0)");
        }

        // Straight-line depreciation over L = 12 x depreciationYears months: a purchase (Capex of row r, in service from
        // month r + 1 for `service` months at most) is depreciated by price / L in its first INT(L) months and by the
        // fraction L - INT(L) of that in the next.
        var capex = row.AllMonths(CashFlowSheetColumn.Capex);
        row.Set(CashFlowSheetColumn.Depreciation,
            $"(SUMIFS({capex},{months},\">=\"&MAX({row.Month}-INT({life}),{row.Month}-{service}),{months},\"<=\"&({row.Month}-1))"
            + $"+IF(INT({life})+1<={service},({life}-INT({life}))*SUMIFS({capex},{months},{row.Month}-1-INT({life})),0))/{life}");
    }
}
