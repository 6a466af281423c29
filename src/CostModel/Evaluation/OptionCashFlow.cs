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
    public int PeakGpus { get; set; }
    public int FinalServers { get; set; }
    public double TotalCapex { get; set; }
    public double TokensPresentValue { get; set; }
}

/// <summary>
/// Computes one option's cash flows for a given first-month demand (docs/methodology.md, "Options").
/// Prepared once per option and scenario so that the break-even search and the tornado can re-run it cheaply.
/// </summary>
internal sealed class OptionCashFlow
{
    private readonly SourcingOption _option;
    private readonly Timeline _timeline;
    private readonly double[]? _priceFactors;
    private readonly double _gpuSecondsPerRequest;

    public OptionCashFlow(SourcingOption option, Timeline timeline)
    {
        _option = option;
        _timeline = timeline;
        _priceFactors = option switch
        {
            ApiOption api => timeline.PriceFactors(api.AnnualPriceChange),
            CloudOption cloud => timeline.PriceFactors(cloud.AnnualPriceChange),
            _ => null,
        };
        if (option is GpuOption gpu)
        {
            _gpuSecondsPerRequest = WorkSeconds(timeline.InputTokensPerRequest, gpu.PrefillTokensPerGpuSecond)
                + WorkSeconds(timeline.OutputTokensPerRequest, gpu.DecodeTokensPerGpuSecond);
        }
    }

    public SourcingOption Option => _option;

    /// <summary>Returns the present value of the option's cost; fills <paramref name="detail"/> when given.</summary>
    public double Run(double requestsPerMonth, CashFlowDetail? detail = null) => _option switch
    {
        ApiOption api => RunApi(api, requestsPerMonth, detail),
        CloudOption cloud => RunCloud(cloud, requestsPerMonth, detail),
        OnPremOption onPrem => RunOnPrem(onPrem, requestsPerMonth, detail),
        _ => throw new InvalidOperationException($"unknown option type {_option.GetType().Name}"),
    };

    /// <summary>GPU-seconds for a token count at a throughput; no tokens need no throughput.</summary>
    private static double WorkSeconds(double tokens, double tokensPerSecond) => tokens > 0 ? tokens / tokensPerSecond : 0;

    private double RunApi(ApiOption api, double demand, CashFlowDetail? detail)
    {
        var tl = _timeline;
        var pv = api.SetupCost;
        var pricePerRequest = (tl.InputTokensPerRequest * api.InputPricePerMillion + tl.OutputTokensPerRequest * api.OutputPricePerMillion) / 1e6;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var requests = demand * tl.Growth[t];
            var usage = requests * pricePerRequest * _priceFactors![t];
            var cash = usage + api.FixedMonthly;
            pv += cash * tl.Discount[t];
            if (detail is not null)
            {
                detail.Usage[t] = usage;
                detail.Fixed[t] = api.FixedMonthly;
                detail.Cash[t] = cash;
            }
        }
        if (detail is not null)
        {
            detail.Setup[0] = api.SetupCost;
            detail.Cash[0] = api.SetupCost;
            FillDemand(demand, detail);
        }
        return pv;
    }

    private double RunCloud(CloudOption cloud, double demand, CashFlowDetail? detail)
    {
        var tl = _timeline;
        var pv = cloud.SetupCost;
        var staff = cloud.StaffFte * cloud.FteAnnualCost / 12;
        var minHours = cloud.MinGpus * Timeline.HoursPerMonth;
        var peakGpus = 0;
        for (var t = 1; t <= tl.Horizon; t++)
        {
            var gpuSeconds = demand * tl.Growth[t] * _gpuSecondsPerRequest;
            var gpuHours = Math.Max(gpuSeconds / 3600 / cloud.TargetUtilization, minHours);
            var compute = gpuHours * cloud.GpuHourPrice * _priceFactors![t];
            var cash = compute + staff + cloud.FixedMonthly;
            pv += cash * tl.Discount[t];
            if (detail is not null)
            {
                var busyGpus = gpuSeconds / Timeline.SecondsPerMonth;
                peakGpus = Math.Max(peakGpus, Math.Max(cloud.MinGpus, CeilTolerant(tl.PeakToAverage * busyGpus / cloud.TargetUtilization)));
                detail.Gpus[t] = gpuHours / Timeline.HoursPerMonth;
                detail.Compute[t] = compute;
                detail.Staff[t] = staff;
                detail.Fixed[t] = cloud.FixedMonthly;
                detail.Cash[t] = cash;
            }
        }
        if (detail is not null)
        {
            detail.Setup[0] = cloud.SetupCost;
            detail.Cash[0] = cloud.SetupCost;
            detail.PeakGpus = peakGpus;
            FillDemand(demand, detail);
        }
        return pv;
    }

    private double RunOnPrem(OnPremOption o, double demand, CashFlowDetail? detail)
    {
        var tl = _timeline;
        var h = tl.Horizon;
        Span<int> added = h <= 1024 ? stackalloc int[h + 2] : new int[h + 2];
        added.Clear();
        var staff = o.StaffFte * o.FteAnnualCost / 12;
        var idleKw = Math.Min(o.EffectiveIdlePowerKw, o.ServerPowerKw);
        var lifeMonths = 12 * o.DepreciationYears;
        var servers = 0;
        var peakGpus = 0;
        var capexTotal = 0.0;
        var pv = 0.0;
        var cashAtStart = o.SetupCost;

        for (var t = 1; t <= h; t++)
        {
            var busyGpus = demand * tl.Growth[t] * _gpuSecondsPerRequest / Timeline.SecondsPerMonth;
            var neededGpus = CeilTolerant(tl.PeakToAverage * busyGpus / o.TargetUtilization);
            peakGpus = Math.Max(peakGpus, neededGpus);
            var wanted = Math.Max(o.MinServers, CeilTolerant((double)neededGpus / o.GpusPerServer));
            var newServers = Math.Max(0, wanted - servers);
            servers += newServers;
            added[t] = newServers;

            // Servers for month t are bought at its start, i.e. at the end of month t - 1.
            var purchase = newServers * o.ServerPrice;
            capexTotal += purchase;
            if (t == 1)
            {
                cashAtStart += purchase;
            }
            else
            {
                pv += purchase * tl.Discount[t - 1];
            }

            var installedGpus = (double)servers * o.GpusPerServer;
            var load = installedGpus > 0 ? Math.Min(1, busyGpus / installedGpus) : 0;
            var kwh = servers * Timeline.HoursPerMonth * (idleKw + (o.ServerPowerKw - idleKw) * load) * o.Pue;
            var energy = kwh * o.ElectricityPerKwh;
            var colocation = servers * o.ServerPowerKw * o.ColocationPerKwMonth;
            var maintenance = servers * o.ServerPrice * o.MaintenanceRateAnnual / 12;
            var running = energy + colocation + maintenance + staff + o.FixedMonthly;
            pv += running * tl.Discount[t];

            if (detail is not null)
            {
                detail.Capex[t - 1] += purchase;
                detail.Cash[t - 1] += purchase;
                detail.Servers[t] = servers;
                detail.Gpus[t] = installedGpus;
                detail.EnergyKwh[t] = kwh;
                detail.Energy[t] = energy;
                detail.Colocation[t] = colocation;
                detail.Maintenance[t] = maintenance;
                detail.Staff[t] = staff;
                detail.Fixed[t] = o.FixedMonthly;
                detail.Cash[t] += running;
            }
        }

        // Resale at t = H: each purchase at its remaining straight-line book value times the resale fraction.
        var resale = 0.0;
        for (var t = 1; t <= h; t++)
        {
            if (added[t] > 0)
            {
                var ageMonths = h - t + 1;
                resale += added[t] * o.ServerPrice * Math.Max(0, 1 - ageMonths / lifeMonths) * o.ResaleValueFraction;
            }
        }
        pv += cashAtStart - resale * tl.Discount[h];

        if (detail is not null)
        {
            detail.Setup[0] = o.SetupCost;
            detail.Cash[0] += o.SetupCost;
            detail.Resale[h] = -resale;
            detail.Cash[h] -= resale;
            detail.PeakGpus = peakGpus;
            detail.FinalServers = servers;
            detail.TotalCapex = capexTotal;
            for (var t = 1; t <= h; t++)
            {
                var depreciation = 0.0;
                for (var t0 = 1; t0 <= t; t0++)
                {
                    if (added[t0] == 0)
                    {
                        continue;
                    }
                    var price = added[t0] * o.ServerPrice;
                    var age = t - t0 + 1;
                    var bookBefore = price * Math.Max(0, 1 - (age - 1) / lifeMonths);
                    depreciation += Math.Min(price / lifeMonths, bookBefore);
                }
                detail.Depreciation[t] = depreciation;
            }
            FillDemand(demand, detail);
        }
        return pv;
    }

    private void FillDemand(double demand, CashFlowDetail detail)
    {
        var tl = _timeline;
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

    /// <summary>Ceiling that treats values within 1e-9 (relative) of a whole number as that number, so rounding noise never buys a server.</summary>
    internal static int CeilTolerant(double value)
    {
        var rounded = Math.Round(value);
        var result = Math.Abs(value - rounded) <= 1e-9 * Math.Max(1, Math.Abs(value)) ? rounded : Math.Ceiling(value);
        return result >= int.MaxValue ? int.MaxValue : (int)result;
    }
}
