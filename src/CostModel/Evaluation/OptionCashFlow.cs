using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Evaluation;

/// <summary>The month-by-month detail of one option, filled by <see cref="OptionCashFlow.Run"/> when asked for.</summary>
internal sealed class CashFlowDetail
{
    public CashFlowDetail(int horizon)
    {
        var n = horizon + 1;
        Cash = new double[n];
        Requests = new double[n];
        Tokens = new double[n];
        Gpus = new double[n];
        Servers = new int[n];
        Usage = new double[n];
        Compute = new double[n];
        Energy = new double[n];
        Colocation = new double[n];
        Maintenance = new double[n];
        Staff = new double[n];
        Capex = new double[n];
        Setup = new double[n];
        Fixed = new double[n];
        Resale = new double[n];
        Depreciation = new double[n];
        EnergyKwh = new double[n];
        Tax = new double[n];
        Financing = new double[n];
        Interest = new double[n];
        Lease = new double[n];
        IdleCommittedGpuHours = new double[n];
        ReplicaHours = new double[n];
        OverflowRequests = new double[n];
        OverflowGpuHours = new double[n];
        OwnedCapacity = new double[n];
        OverflowReplicaHours = new double[n];
    }

    public double[] Cash { get; }
    public double[] Requests { get; }
    public double[] Tokens { get; }
    public double[] Gpus { get; }
    public int[] Servers { get; }
    public double[] Usage { get; }
    public double[] Compute { get; }
    public double[] Energy { get; }
    public double[] Colocation { get; }
    public double[] Maintenance { get; }
    public double[] Staff { get; }
    public double[] Capex { get; }
    public double[] Setup { get; }
    public double[] Fixed { get; }
    public double[] Resale { get; }
    public double[] Depreciation { get; }
    public double[] EnergyKwh { get; }

    /// <summary>Tax effect of the month (negative: tax saved); 0 when the scenario has no tax rate.</summary>
    public double[] Tax { get; }

    /// <summary>Loan flows: the amount borrowed (negative) and the repayments with interest, the balance at H included.</summary>
    public double[] Financing { get; }

    /// <summary>The interest within <see cref="Financing"/> (deductible under tax).</summary>
    public double[] Interest { get; }

    /// <summary>Lease payments for leased servers, paid at the start of each month (deductible under tax).</summary>
    public double[] Lease { get; }

    /// <summary>Reserved cloud GPU-hours paid for but not needed in the month; 0 without a commitment.</summary>
    public double[] IdleCommittedGpuHours { get; }

    /// <summary>Replica-hours available in the month when the option is sized at the latency targets; 0 otherwise.</summary>
    public double[] ReplicaHours { get; }
    /// <summary>A hybrid's requests sent to its overflow option in the month; 0 for other kinds.</summary>
    public double[] OverflowRequests { get; }

    /// <summary>A hybrid's GPU-hours rented from its overflow cloud option in the month; 0 otherwise.</summary>
    public double[] OverflowGpuHours { get; }

    /// <summary>A hybrid's owned capacity in the month, requests per second; 0 for other kinds.</summary>
    public double[] OwnedCapacity { get; }

    /// <summary>A hybrid's replica-hours rented from an overflow cloud option sized at the latency targets in the month; 0 otherwise.</summary>
    public double[] OverflowReplicaHours { get; }

    public int PeakGpus { get; set; }
    public int FinalServers { get; set; }
    public double TotalCapex { get; set; }
    public double TokensPresentValue { get; set; }

    /// <summary>
    /// Records month <paramref name="t"/> of owned servers: the purchase at its start (cash of month t - 1), the fleet,
    /// and the running costs paid at its end.
    /// </summary>
    public void AddOwnedMonth(int t, double purchase, int servers, double installedGpus, double kwh, double energy,
        double colocation, double maintenance, double staff, double fixedMonthly)
    {
        Capex[t - 1] += purchase;
        Cash[t - 1] += purchase;
        Servers[t] = servers;
        Gpus[t] = installedGpus;
        EnergyKwh[t] = kwh;
        Energy[t] = energy;
        Colocation[t] = colocation;
        Maintenance[t] = maintenance;
        Staff[t] = staff;
        Fixed[t] = fixedMonthly;
        Cash[t] += energy + colocation + maintenance + staff + fixedMonthly;
    }
}

/// <summary>
/// Computes one option's cash flows for a given first-month demand (docs/methodology.md, "Options"). Each option kind
/// has its own strategy, defined beside the kind's record (see <see cref="OptionKindDescriptor.CashFlow"/>). Prepared
/// once per option and scenario so that the break-even search and the tornado can re-run it cheaply;
/// <see cref="Prepare"/> moves it to another option of the same kind (a Monte Carlo trial).
/// </summary>
internal abstract class OptionCashFlow
{
    private readonly AnnualChangeFactors _price = new();

    protected OptionCashFlow(Timeline timeline)
    {
        Timeline = timeline;
    }

    protected Timeline Timeline { get; }

    public abstract SourcingOption Option { get; }

    /// <summary>The strategy of <paramref name="option"/>'s kind, prepared for it on <paramref name="timeline"/>.</summary>
    public static OptionCashFlow For(SourcingOption option, Timeline timeline)
    {
        var flow = OptionKinds.Of(option.Kind).CashFlow(timeline);
        flow.Prepare(option);
        return flow;
    }

    /// <summary>Points the cash flow at <paramref name="option"/> (of this strategy's kind) on the same timeline, which may have been updated since.</summary>
    public abstract void Prepare(SourcingOption option);

    /// <summary>Returns the present value of the option's cost; fills <paramref name="detail"/> when given.</summary>
    public abstract double Run(double requestsPerMonth, CashFlowDetail? detail = null);

    /// <summary>(1 + annual change)^((t - 1) / 12) for t = 1..H, recomputed only when the change or the horizon moved.</summary>
    protected double[] PriceFactors(double annualPriceChange) => _price.For(Timeline, annualPriceChange);

    /// <summary>
    /// Factors (1 + annual change)^((t - 1) / 12) for t = 1..H of one input (a price trend, an escalation), kept between
    /// runs and recomputed only when the change or the horizon moved; a strategy holds one per input it escalates.
    /// </summary>
    protected sealed class AnnualChangeFactors
    {
        private double[]? _factors;
        private double _change = double.NaN;
        private int _horizon = -1;

        public double[] For(Timeline timeline, double annualChange)
        {
            if (_factors is null || !annualChange.Equals(_change) || _horizon != timeline.Horizon)
            {
                _factors = timeline.PriceFactors(annualChange, _factors);
                _change = annualChange;
                _horizon = timeline.Horizon;
            }
            return _factors;
        }
    }

    /// <summary>GPU-seconds one request takes: input tokens at the prefill rate plus output tokens at the decode rate.</summary>
    protected double GpuSecondsPerRequest(GpuOption gpu) =>
        WorkSeconds(Timeline.InputTokensPerRequest, gpu.PrefillTokensPerGpuSecond)
        + WorkSeconds(Timeline.OutputTokensPerRequest, gpu.DecodeTokensPerGpuSecond);

    /// <summary>GPU-seconds for a token count at a throughput; no tokens need no throughput.</summary>
    private static double WorkSeconds(double tokens, double tokensPerSecond) => tokens > 0 ? tokens / tokensPerSecond : 0;

    /// <summary>
    /// Turns the filled pre-tax <paramref name="detail"/> into after-tax cash (docs/methodology.md, "Tax"): each month's
    /// cash other than purchases, resale and loan flows is deductible when paid, and so is a loan's interest; the month's depreciation shields as much again, and
    /// a sale (resale) above the book value of what was sold (<paramref name="bookValueSold"/>, by month; null when the
    /// kind sells nothing) is taxed, below it deductible. Nothing changes without a tax rate.
    /// </summary>
    protected void ApplyTax(CashFlowDetail detail, double[]? bookValueSold)
    {
        var tax = Timeline.TaxRate;
        if (tax == 0)
        {
            return;
        }
        var h = Timeline.Horizon;
        for (var t = 0; t <= h; t++)
        {
            var deductible = detail.Cash[t] - detail.Capex[t] - detail.Resale[t] - detail.Financing[t] + detail.Interest[t];
            var effect = -tax * (deductible + detail.Depreciation[t]);
            if (bookValueSold is not null)
            {
                effect += tax * (-detail.Resale[t] - bookValueSold[t]);
            }
            detail.Tax[t] = effect;
            detail.Cash[t] += effect;
        }
    }

    /// <summary>The present value of a cost stream that is wholly deductible when paid, after tax.</summary>
    protected double AfterTax(double deductiblePresentValue) =>
        Timeline.TaxRate == 0 ? deductiblePresentValue : deductiblePresentValue * (1 - Timeline.TaxRate);

    /// <summary>Requests, tokens and the present value of tokens, month by month (the same for every kind).</summary>
    protected void FillDemand(double demand, CashFlowDetail detail)
    {
        var tl = Timeline;
        var tokensPv = 0.0;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var requests = demand * tl.Growth[t];
            detail.Requests[t] = requests;
            detail.Tokens[t] = requests * (tl.InputTokensPerRequest + tl.OutputTokensPerRequest);
            tokensPv += detail.Tokens[t] * tl.Discount[t];
        }
        detail.TokensPresentValue = tokensPv;
    }

    /// <summary>
    /// <paramref name="gpus"/> rounded up to whole replicas of <paramref name="gpusPerReplica"/> GPUs: a model served
    /// tensor parallel on N GPUs is bought or rented N at a time, so 21 busy GPUs of 4-GPU replicas are 24 (⌈21 / 4⌉ × 4).
    /// </summary>
    internal static int WholeReplicas(int gpus, int gpusPerReplica) =>
        gpusPerReplica <= 1 || gpus <= 0 ? gpus : (int)Math.Min(int.MaxValue, ((long)gpus + gpusPerReplica - 1) / gpusPerReplica * gpusPerReplica);

    /// <summary>Ceiling that treats values within 1e-9 (relative) of a whole number as that number, so rounding noise never buys a server.</summary>
    internal static int CeilTolerant(double value)
    {
        var rounded = Math.Round(value);
        var result = Math.Abs(value - rounded) <= 1e-9 * Math.Max(1, Math.Abs(value)) ? rounded : Math.Ceiling(value);
        if (result >= int.MaxValue)
        {
            return int.MaxValue;
        }
        // What the checked conversion did (NaN or below int.MinValue throws), without its call on every month of every run.
        if (!(result >= int.MinValue))
        {
            throw new OverflowException("Arithmetic operation resulted in an overflow.");
        }
        return unchecked((int)result);
    }
}

/// <summary>A cash-flow strategy for one option type: holds the option, typed.</summary>
internal abstract class OptionCashFlow<TOption>(Timeline timeline) : OptionCashFlow(timeline)
    where TOption : SourcingOption
{
    protected TOption Current { get; private set; } = null!;

    public override SourcingOption Option => Current;

    public override void Prepare(SourcingOption option)
    {
        Current = (TOption)option;
        Prepared();
    }

    /// <summary>Recomputes what depends only on the option and the timeline (price factors, GPU-seconds per request).</summary>
    protected abstract void Prepared();
}
