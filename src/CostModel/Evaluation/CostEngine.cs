using Planner.CostModel.Finance;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;

namespace Planner.CostModel.Evaluation;

/// <summary>Evaluates scenarios: cash flows, present values, comparisons, break-even and the tornado (docs/methodology.md).</summary>
public static class CostEngine
{
    /// <summary>Validates and evaluates a scenario whose references are resolved.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="includeTornado">False leaves <see cref="ScenarioEvaluation.Tornado"/> empty (e.g. while a user types).</param>
    /// <exception cref="InputException">The scenario is not valid; every problem is listed.</exception>
    public static ScenarioEvaluation Evaluate(Scenario scenario, bool includeTornado = true)
    {
        // One list of the inputs serves the validation and the evaluation's input table.
        var inputs = ScenarioInputs.List(scenario);
        ScenarioValidator.EnsureValid(scenario, inputs);
        var timeline = new Timeline(scenario);
        var flows = scenario.Options.Select(o => OptionCashFlow.For(o, timeline)).ToArray();
        var details = new CashFlowDetail[flows.Length];
        var presentValues = new double[flows.Length];
        for (var i = 0; i < flows.Length; i++)
        {
            details[i] = new CashFlowDetail(timeline.Horizon);
            presentValues[i] = flows[i].Run(scenario.Workload.RequestsPerMonth, details[i]);
        }

        double? benefitsPv = scenario.Benefits is { } benefits ? BenefitsPresentValue(benefits, scenario.Workload.RequestsPerMonth, timeline) : null;
        var ranking = Enumerable.Range(0, flows.Length).OrderBy(i => presentValues[i]).ToArray();
        var recommendation = scenario.Options[ranking[0]].Id;
        var baselineIndex = IndexOf(scenario, scenario.Baseline);

        var options = new OptionResult[flows.Length];
        for (var i = 0; i < flows.Length; i++)
        {
            options[i] = ToResult(scenario.Options[i], details[i], presentValues[i], benefitsPv, timeline);
            if (scenario.Options[i] is ApiOption api)
            {
                options[i] = options[i] with { Latency = api.CheckLatency(scenario.Workload, scenario.Origins.GetValueOrDefault($"{api.Id}.measuredTtftP95Seconds")) };
            }
            if (scenario.Options[i] is GpuOption gpu && gpu.SizedAtTargets(timeline.HasLatencyTargets))
            {
                options[i] = options[i] with { AtTargets = AtTargets(scenario, gpu, details[i], options[i], timeline) };
            }
            if (scenario.Options[i] is HybridOption hybrid && scenario.FindOption(hybrid.OverflowTo!) is CloudOption rented && rented.SizedAtTargets(timeline.HasLatencyTargets))
            {
                options[i] = options[i] with
                {
                    Hybrid = options[i].Hybrid! with { OverflowAtTargets = OverflowAtTargets(scenario, hybrid, rented, details[i], options[i], timeline) },
                };
            }
        }

        var comparisons = new List<Comparison>();
        // Every comparison's break-even search runs the baseline at the same demands: each is run once.
        var baselineRuns = new RunsByDemand(flows[baselineIndex]);
        for (var i = 0; i < flows.Length; i++)
        {
            if (i != baselineIndex)
            {
                comparisons.Add(Compare(scenario, flows[i], baselineRuns, details[i], details[baselineIndex], timeline));
            }
        }

        var metric = ResultMetrics.TornadoMetric(recommendation == scenario.Baseline);
        var tornadoes = includeTornado ? Sensitivity.Tornadoes(scenario, recommendation) : (Decision: [], Value: null);
        return new ScenarioEvaluation
        {
            Scenario = scenario.Name,
            Currency = scenario.Currency,
            HorizonMonths = scenario.HorizonMonths,
            DiscountRateAnnual = scenario.DiscountRateAnnual,
            Baseline = scenario.Baseline,
            Recommendation = recommendation,
            RunnerUp = ranking.Length > 1 ? scenario.Options[ranking[1]].Id : null,
            RecommendationMargin = ranking.Length > 1 ? presentValues[ranking[1]] - presentValues[ranking[0]] : 0,
            BenefitsPresentValue = benefitsPv,
            Benefits = scenario.Benefits is { } b ? BenefitValues.Of(b) : null,
            Options = options,
            Comparisons = comparisons,
            TornadoMetric = metric,
            Tornado = tornadoes.Decision,
            ValueTornado = tornadoes.Value,
            Inputs = ListInputs(scenario, inputs),
        };
    }

    /// <summary>
    /// The present value of each option's cost, in option order, without validation or monthly detail:
    /// the fast path for simulations and sensitivity. The scenario must already be valid.
    /// </summary>
    public static double[] PresentValues(Scenario scenario)
    {
        var values = new double[scenario.Options.Count];
        new PresentValueWorkspace().PresentValues(scenario, values);
        return values;
    }

    /// <summary>
    /// Levelized cost per million tokens of every option at each first-month demand in <paramref name="requestsPerMonth"/>
    /// (the "levelized cost vs demand" chart). Rows follow the demand list; columns follow the options.
    /// </summary>
    public static IReadOnlyList<DemandPoint> DemandCurve(Scenario scenario, IReadOnlyList<double> requestsPerMonth)
    {
        ScenarioValidator.EnsureValid(scenario);
        var timeline = new Timeline(scenario);
        var flows = scenario.Options.Select(o => OptionCashFlow.For(o, timeline)).ToArray();
        var points = new List<DemandPoint>();
        foreach (var demand in requestsPerMonth)
        {
            var tokensPv = 0.0;
            for (var t = 1; t <= timeline.Horizon; t++)
            {
                tokensPv += demand * timeline.Growth[t] * (timeline.InputTokensPerRequest + timeline.OutputTokensPerRequest) * timeline.Discount[t];
            }
            var pvs = flows.Select(f => f.Run(demand)).ToArray();
            points.Add(new DemandPoint(demand, pvs, pvs.Select(pv => tokensPv > 0 ? pv / tokensPv * 1e6 : (double?)null).ToArray()));
        }
        return points;
    }

    internal static int IndexOf(Scenario scenario, string id)
    {
        for (var i = 0; i < scenario.Options.Count; i++)
        {
            if (scenario.Options[i].Id == id)
            {
                return i;
            }
        }
        throw scenario.NoOption(id);
    }

    /// <summary>The present value of <paramref name="scenario"/>'s benefits (0 without benefits); the scenario must be valid.</summary>
    internal static double BenefitsPresentValue(Scenario scenario) =>
        scenario.Benefits is { } benefits ? BenefitsPresentValue(benefits, scenario.Workload.RequestsPerMonth, new Timeline(scenario)) : 0;

    /// <summary>
    /// The present value of the benefits (docs/methodology.md, "Benefits and ROI"): each month's requests
    /// (first-month demand x growth) times the value per request, plus the monthly value, discounted, after tax.
    /// The same for every option, since every option serves the same demand.
    /// </summary>
    internal static double BenefitsPresentValue(Benefits benefits, double requestsPerMonth, Timeline timeline)
    {
        var valuePerRequest = benefits.TotalValuePerRequest;
        var monthlyValue = benefits.TotalMonthlyValue;
        var pv = 0.0;
        for (var t = 1; t <= timeline.Horizon; t++)
        {
            pv += (requestsPerMonth * timeline.Growth[t] * valuePerRequest + monthlyValue) * timeline.Discount[t];
        }
        // Benefits are taxable income like the costs are deductible: compared after tax, they count after tax.
        return pv * (1 - timeline.TaxRate);
    }

    private static OptionResult ToResult(SourcingOption option, CashFlowDetail d, double presentValue, double? benefitsPv, Timeline timeline)
    {
        var months = new MonthlyCash[d.Cash.Length];
        for (var t = 0; t < months.Length; t++)
        {
            months[t] = new MonthlyCash
            {
                Month = t,
                Requests = d.Requests[t],
                Tokens = d.Tokens[t],
                Gpus = d.Gpus[t],
                Servers = d.Servers[t],
                Cash = d.Cash[t],
                Usage = d.Usage[t],
                Compute = d.Compute[t],
                Energy = d.Energy[t],
                Colocation = d.Colocation[t],
                Maintenance = d.Maintenance[t],
                Staff = d.Staff[t],
                Capex = d.Capex[t],
                Setup = d.Setup[t],
                Fixed = d.Fixed[t],
                Resale = d.Resale[t],
                Depreciation = d.Depreciation[t],
                EnergyKwh = d.EnergyKwh[t],
                Tax = d.Tax[t],
                Financing = d.Financing[t],
                Interest = d.Interest[t],
                Lease = d.Lease[t],
                IdleCommittedGpuHours = d.IdleCommittedGpuHours[t],
                OverflowRequests = d.OverflowRequests[t],
                OverflowGpuHours = d.OverflowGpuHours[t],
            };
        }
        double? npv = benefitsPv is { } b ? b - presentValue : null;
        return new OptionResult
        {
            Id = option.Id,
            Kind = option.Kind.JsonName(),
            Name = option.DisplayName,
            TotalCost = d.Cash.Sum(),
            PresentValue = presentValue,
            PresentValueBeforeTax = timeline.TaxRate > 0 ? presentValue - timeline.PresentValue(d.Tax) : null,
            LevelizedCostPerMillionTokens = d.TokensPresentValue > 0 ? presentValue / d.TokensPresentValue * 1e6 : null,
            EnergyKwh = d.EnergyKwh.Sum(),
            PeakGpus = d.PeakGpus,
            Servers = d.FinalServers,
            IdleCommittedGpuHours = option is CloudOption { ReservedGpus: > 0 } || (option is HybridOption h && timeline.Options.FirstOrDefault(o => o.Id == h.OverflowTo) is CloudOption { ReservedGpus: > 0 })
                ? d.IdleCommittedGpuHours.Sum() : null,
            Capex = d.TotalCapex,
            Npv = npv,
            Roi = npv is { } n && presentValue != 0 ? n / presentValue : null,
            Hybrid = option is HybridOption hybrid ? Split(hybrid, d, timeline) : null,
            Months = months,
        };
    }

    /// <summary>A hybrid's split over the horizon, from its months.</summary>
    private static HybridSplit Split(HybridOption hybrid, CashFlowDetail d, Timeline timeline)
    {
        var overflow = timeline.Options.First(o => o.Id == hybrid.OverflowTo);
        var requests = d.Requests.Sum();
        var overflowRequests = d.OverflowRequests.Sum();
        var (weekday, weekend) = timeline.HourFactors!.Value;
        return new HybridSplit
        {
            OverflowTo = overflow.Id,
            OverflowKind = overflow.Kind.JsonName(),
            BaseServers = hybrid.BasePercentile > 0 && hybrid.BaseServers == 0 ? null : hybrid.BaseServers,
            BasePercentile = hybrid.BasePercentile > 0 ? hybrid.BasePercentile : null,
            PercentileHourFactor = hybrid.BasePercentile > 0 ? DemandShape.PercentileFactor(weekday, weekend, hybrid.BasePercentile) : null,
            OwnedRequests = requests - overflowRequests,
            OverflowRequests = overflowRequests,
            OwnedShare = requests > 0 ? (requests - overflowRequests) / requests : 1,
            OverflowGpuHours = overflow is CloudOption ? d.OverflowGpuHours.Sum() : null,
            OverflowCost = d.Compute.Sum() + d.Usage.Sum(),
        };
    }

    /// <summary>
    /// The option's sizing at the latency targets: the busiest hour of the busiest month, hour-by-hour replicas of the
    /// first and last months, the utilization achieved, and the same option evaluated without its replica capacity (today's sizing).
    /// </summary>
    private static TargetSizingResult AtTargets(Scenario scenario, GpuOption gpu, CashFlowDetail d, OptionResult result, Timeline timeline)
    {
        var capacity = gpu.ReplicaRequestsPerSecond;
        var h = timeline.Horizon;
        var served = 0.0;
        var slots = 0.0;
        var busiest = 1;
        for (var t = 1; t <= h; t++)
        {
            served += d.Requests[t];
            slots += d.ReplicaHours[t] * 3600 * capacity;
            busiest = d.Requests[t] > d.Requests[busiest] ? t : busiest;
        }
        var peakRate = timeline.PeakToAverage * d.Requests[busiest] / Timeline.SecondsPerMonth;

        var withoutFlow = OptionCashFlow.For(gpu with { ReplicaRequestsPerSecond = 0 }, timeline);
        var without = new CashFlowDetail(h);
        var withoutPv = withoutFlow.Run(scenario.Workload.RequestsPerMonth, without);

        var weekendProfile = scenario.Workload.WeekendHourlyShares is not null;
        IReadOnlyList<HourReplicas> Hours(int t)
        {
            Func<int, int> running = gpu is CloudOption cloud
                ? TargetSizing.Follows(cloud, timeline)
                    ? needed => TargetSizing.Rented(needed, cloud)
                    : _ => TargetSizing.Rented(TargetSizing.Needed(timeline.PeakToAverage * d.Requests[t] / Timeline.SecondsPerMonth, capacity), cloud)
                : _ => (int)Math.Floor(d.Gpus[t] / gpu.GpusPerReplica);
            return TargetSizing.Hours(timeline, d.Requests[t] / Timeline.SecondsPerMonth, capacity, running, weekendProfile);
        }
        var peakReplicas = gpu is CloudOption rented
            ? TargetSizing.Rented(TargetSizing.Needed(peakRate, capacity), rented)
            : (int)Math.Floor(d.Gpus[busiest] / gpu.GpusPerReplica);
        return new TargetSizingResult
        {
            TtftP95Seconds = scenario.Workload.TtftP95Seconds,
            ItlP95Seconds = scenario.Workload.ItlP95Seconds,
            ReplicaRequestsPerSecond = capacity,
            GpusPerReplica = gpu.GpusPerReplica,
            Sizing = gpu is CloudOption c ? TargetSizing.Follows(c, timeline) ? TargetSizing.RentedFollowing : TargetSizing.RentedFlat : TargetSizing.Owned,
            PeakToAverage = timeline.PeakToAverage,
            PeakRequestsPerSecond = peakRate,
            PeakReplicas = peakReplicas,
            AchievedUtilization = slots > 0 ? served / slots : 0,
            CostPerMillionTokensAtTargets = result.LevelizedCostPerMillionTokens,
            CostPerMillionTokensWithoutTargets = without.TokensPresentValue > 0 ? withoutPv / without.TokensPresentValue * 1e6 : null,
            PresentValueWithoutTargets = withoutPv,
            PeakGpusWithoutTargets = without.PeakGpus,
            FirstMonthHours = Hours(1),
            LastMonthHours = Hours(h),
        };
    }

    /// <summary>
    /// A hybrid's cloud overflow sized at the latency targets (docs/methodology.md, "Hybrid: owned base, overflow
    /// elsewhere"): each hour's rate above the owned fleet in the first and last months with the replicas it needs and
    /// those running, the largest such rate of the horizon, the utilization of the rented replicas, and the hybrid's cost
    /// per million tokens beside the same hybrid with the cloud option's replica capacity set to 0 (its overflow priced by
    /// GPU-hours from throughput and target utilization).
    /// </summary>
    private static TargetSizingResult OverflowAtTargets(Scenario scenario, HybridOption hybrid, CloudOption cloud, CashFlowDetail d, OptionResult result, Timeline timeline)
    {
        var capacity = cloud.ReplicaRequestsPerSecond;
        var h = timeline.Horizon;
        double served = 0, slots = 0, peakRate = 0;
        for (var t = 1; t <= h; t++)
        {
            served += d.OverflowRequests[t];
            slots += d.OverflowReplicaHours[t] * 3600 * capacity;
            peakRate = Math.Max(peakRate, TargetSizing.Above(timeline.PeakToAverage * d.Requests[t] / Timeline.SecondsPerMonth, d.OwnedCapacity[t]));
        }

        var byGpuHours = scenario with { Options = [.. scenario.Options.Select(o => o.Id == cloud.Id ? cloud with { ReplicaRequestsPerSecond = 0 } : o)] };
        var without = new CashFlowDetail(h);
        var withoutPv = OptionCashFlow.For(hybrid, new Timeline(byGpuHours)).Run(scenario.Workload.RequestsPerMonth, without);

        var follows = TargetSizing.Follows(cloud, timeline);
        IReadOnlyList<HourReplicas> Hours(int t)
        {
            var averageRate = d.Requests[t] / Timeline.SecondsPerMonth;
            var flat = TargetSizing.Rented(TargetSizing.Needed(TargetSizing.Above(timeline.PeakToAverage * averageRate, d.OwnedCapacity[t]), capacity), cloud);
            Func<int, int> running = follows ? needed => TargetSizing.Rented(needed, cloud) : _ => flat;
            return TargetSizing.Hours(timeline, averageRate, capacity, running, scenario.Workload.WeekendHourlyShares is not null, d.OwnedCapacity[t]);
        }
        return new TargetSizingResult
        {
            TtftP95Seconds = scenario.Workload.TtftP95Seconds,
            ItlP95Seconds = scenario.Workload.ItlP95Seconds,
            ReplicaRequestsPerSecond = capacity,
            GpusPerReplica = cloud.GpusPerReplica,
            Sizing = follows ? SizingWords.OverflowRentedFollowing : SizingWords.OverflowRentedFlat,
            PeakToAverage = timeline.PeakToAverage,
            PeakRequestsPerSecond = peakRate,
            PeakReplicas = TargetSizing.Rented(TargetSizing.Needed(peakRate, capacity), cloud),
            AchievedUtilization = slots > 0 ? served / slots : 0,
            CostPerMillionTokensAtTargets = result.LevelizedCostPerMillionTokens,
            CostPerMillionTokensWithoutTargets = without.TokensPresentValue > 0 ? withoutPv / without.TokensPresentValue * 1e6 : null,
            PresentValueWithoutTargets = withoutPv,
            PeakGpusWithoutTargets = OptionCashFlow.CeilTolerant(without.OverflowGpuHours.Max() / Timeline.HoursPerMonth),
            FirstMonthHours = Hours(1),
            LastMonthHours = Hours(h),
        };
    }

    private static Comparison Compare(Scenario scenario, OptionCashFlow option, RunsByDemand baseline,
        CashFlowDetail optionDetail, CashFlowDetail baselineDetail, Timeline timeline)
    {
        var n = timeline.Horizon + 1;
        var savings = new double[n];
        var discounted = new double[n];
        for (var t = 0; t < n; t++)
        {
            savings[t] = baselineDetail.Cash[t] - optionDetail.Cash[t];
            discounted[t] = savings[t] * timeline.Discount[t];
        }

        var (irr, irrNote, irrRates, irrSignChanges) = Irr(savings);
        return ComparisonWith(irr, irrNote);

        Comparison ComparisonWith(double? irrAnnual, string? note)
        {
            var (breakEven, breakEvenNote) = BreakEven(scenario, new RunsByDemand(option), baseline);
            return new Comparison
            {
                Option = option.Option.Id,
                Baseline = baseline.Flow.Option.Id,
                NpvSavings = discounted.Sum(),
                IrrAnnual = irrAnnual,
                IrrNote = note,
                IrrRatesAnnual = irrRates,
                IrrSignChanges = irrSignChanges,
                PaybackMonth = Payback(savings),
                DiscountedPaybackMonth = Payback(discounted),
                BreakEvenRequestsPerMonth = breakEven,
                BreakEvenNote = breakEvenNote,
            };
        }
    }

    /// <summary>
    /// The annual IRR of the savings, its note and, when several rates are proved, all of them (docs/methodology.md,
    /// "irrAnnual"; ADR 035). The rate is the one Newton's method reaches from 1% a month (a spreadsheet's IRR(savings, 1%)),
    /// else the search's nearest 0, else the proved rate nearest 0. The rates are isolated with proof
    /// (<see cref="FinancialFunctions.IrrRates"/>) only where it matters: when the savings change sign more than once (to
    /// say whether several exist, or that none does when Newton's method fails) and, with one sign change, only when
    /// Newton's method and the search both fail (to find the rate). One sign change means exactly one rate (Descartes'
    /// rule of signs, on the same values with the zero tolerance), which the isolation can neither prove absent nor list
    /// twice, so before that its answer could change nothing (ADR 054).
    /// </summary>
    internal static (double? Irr, string? Note, IReadOnlyList<double>? Rates, int? SignChanges) Irr(double[] savings)
    {
        var hasPositive = savings.Any(s => s > IrrNotes.ZeroTolerance);
        var hasNegative = savings.Any(s => s < -IrrNotes.ZeroTolerance);
        if (!hasPositive || !hasNegative)
        {
            return (null, hasPositive ? IrrNotes.NeverNegative : IrrNotes.NeverPositive, null, null);
        }
        var signChanges = CountSignChanges(savings);
        var newton = FinancialFunctions.IrrByNewton(savings, IrrNotes.MonthlyGuess);
        // Values within the zero tolerance count as zero, as in the sign changes: rounding noise is not a cash flow.
        RateIsolation Isolation() => FinancialFunctions.IrrRates([.. savings.Select(s => Math.Abs(s) < IrrNotes.ZeroTolerance ? 0 : s)]);
        var isolation = signChanges > 1 ? Isolation() : null;
        double monthly;
        if (newton is { } found)
        {
            monthly = found;
        }
        else if (isolation is { Complete: true, Rates.Count: 0 })
        {
            // No rate exists: the search would find none, and saying why is better than "not found".
            return (null, savings.Sum() < 0 ? IrrNotes.NoRateBelowZero : IrrNotes.NoRateAboveZero, null, null);
        }
        else
        {
            try
            {
                monthly = FinancialFunctions.IrrByBracket(savings);
            }
            catch (NoResultException)
            {
                isolation ??= Isolation();
                if (isolation.Rates.Count == 0)
                {
                    return (null, IrrNotes.NotFound, null, null);
                }
                monthly = isolation.Rates.MinBy(Math.Abs);
            }
        }

        var irr = Math.Pow(1 + monthly, 12) - 1;
        if (!double.IsFinite(irr))
        {
            // A monthly rate so large that its annual equivalent is beyond any double: no number to show.
            return (null, IrrNotes.HugeRate, null, null);
        }
        if (isolation is { Rates.Count: > 1 })
        {
            var annual = isolation.Rates.Select(r => Math.Pow(1 + r, 12) - 1).ToList();
            return (irr, IrrNotes.SeveralRates(annual).ToString(), annual, null);
        }
        if (signChanges > 1 && isolation is not { Complete: true })
        {
            return (irr, IrrNotes.MultipleRates(signChanges).ToString(), null, signChanges);
        }
        return (irr, irr > IrrNotes.HugeAnnualRate ? IrrNotes.HugeRate : null, null, null);
    }

    /// <summary>First month from which the cumulative sum stays >= 0; 0 when never negative; null when it ends negative.</summary>
    internal static int? Payback(IReadOnlyList<double> flows)
    {
        var cumulative = 0.0;
        var lastNegative = -1;
        var tolerance = 1e-9 * Math.Max(1, flows.Sum(Math.Abs));
        for (var t = 0; t < flows.Count; t++)
        {
            cumulative += flows[t];
            if (cumulative < -tolerance)
            {
                lastNegative = t;
            }
        }
        if (lastNegative == flows.Count - 1)
        {
            return null;
        }
        return lastNegative + 1;
    }

    private static int CountSignChanges(IReadOnlyList<double> values)
    {
        var changes = 0;
        var sign = 0;
        foreach (var value in values)
        {
            var s = Math.Abs(value) < IrrNotes.ZeroTolerance ? 0 : Math.Sign(value);
            if (s != 0)
            {
                if (sign != 0 && s != sign)
                {
                    changes++;
                }
                sign = s;
            }
        }
        return changes;
    }

    /// <summary>
    /// The lowest first-month demand in [0, 1000 x the scenario's] at which the option's present value equals the
    /// baseline's: a scan over demand doubling from 1/1024 of the scenario's demand finds the first sign change of
    /// the difference, then false position (<see cref="NarrowBracket"/>) narrows it to half a request per month.
    /// </summary>
    private static (double? Demand, string? Note) BreakEven(Scenario scenario, RunsByDemand option, RunsByDemand baseline)
    {
        var demand = scenario.Workload.RequestsPerMonth;
        if (demand <= 0)
        {
            return (null, BreakEvenNotes.ZeroDemand);
        }
        double Difference(double d) => option.At(d) - baseline.At(d);
        var upper = 1000 * demand;
        var lo = 0.0;
        var flo = Difference(lo);
        if (!double.IsFinite(flo) || !double.IsFinite(Difference(upper)))
        {
            // Math.Sign throws on NaN; the input bounds keep valid scenarios finite, this keeps evaluation total anyway.
            return (null, BreakEvenNotes.BeyondNumbers);
        }
        double hi = demand / 1024;
        if (flo == 0)
        {
            // Both cost the same with no demand (no fixed costs): what matters is which is cheaper once there is demand.
            lo = hi;
            flo = Difference(lo);
            hi *= 2;
        }
        double fhi;
        while (true)
        {
            fhi = Difference(hi);
            if (Math.Sign(fhi) != Math.Sign(flo))
            {
                break;
            }
            if (hi >= upper)
            {
                return (null, flo < 0 ? BreakEvenNotes.AlwaysCheaper : BreakEvenNotes.AlwaysDearer);
            }
            lo = hi;
            flo = fhi;
            hi = Math.Min(upper, hi * 2);
        }
        var (left, right) = NarrowBracket(Difference, lo, flo, hi, fhi, Math.Max(0.5, 1e-9 * hi));
        var breakEven = (left + right) / 2;
        var gap = Math.Abs(Difference(breakEven));
        var scale = Math.Max(1, Math.Abs(baseline.At(breakEven)));
        return gap > 1e-3 * scale
            ? (breakEven, $"the present values jump past each other here (a step in capacity, such as one more server) rather than meet: the gap at this demand is {gap:N0}")
            : (breakEven, null);
    }

    /// <summary>
    /// Narrows a bracket [lo, hi] with f(lo) and f(hi) of opposite signs to at most <paramref name="tolerance"/> wide
    /// (docs/methodology.md, "Comparisons"): the Illinois variant of false position (the secant through the bracket's
    /// ends, with the end kept twice running given half its weight), each point kept a quarter of the tolerance inside
    /// the bracket so that a point on the root also closes the bracket, and a bisection step whenever two steps have
    /// not halved it. The difference of two present values is linear in demand between capacity steps, so a few
    /// evaluations suffice where bisection to half a request takes 20 to 35.
    /// </summary>
    internal static (double Lo, double Hi) NarrowBracket(Func<double, double> f, double lo, double flo, double hi, double fhi, double tolerance)
    {
        var kept = 0;
        var checkpoint = hi - lo;
        var stepsSinceCheckpoint = 0;
        var bisect = false;
        while (hi - lo > tolerance)
        {
            if (stepsSinceCheckpoint == 2)
            {
                bisect = hi - lo > checkpoint / 2;
                checkpoint = hi - lo;
                stepsSinceCheckpoint = 0;
            }
            double x;
            if (bisect)
            {
                x = (lo + hi) / 2;
                kept = 0;
                bisect = false;
            }
            else
            {
                var margin = Math.Min(tolerance, hi - lo) / 4;
                x = Math.Clamp(lo - flo * (hi - lo) / (fhi - flo), lo + margin, hi - margin);
            }
            stepsSinceCheckpoint++;
            var fx = f(x);
            if (Math.Sign(fx) == Math.Sign(flo))
            {
                lo = x;
                flo = fx;
                if (kept == -1)
                {
                    fhi /= 2;
                }
                kept = -1;
            }
            else
            {
                hi = x;
                fhi = fx;
                if (kept == 1)
                {
                    flo /= 2;
                }
                kept = 1;
            }
        }
        return (lo, hi);
    }

    private static List<InputValue> ListInputs(Scenario scenario, IReadOnlyList<ScenarioInput> inputs)
    {
        var distributions = scenario.Uncertainties.ToDictionary(u => u.Key, u => u.Distribution, StringComparer.Ordinal);
        return inputs
            .Select(input => (input, value: input.Get(scenario)))
            .Where(x => !double.IsNaN(x.value))
            .Select(x => new InputValue
            {
                Key = x.input.Key,
                Path = x.input.JsonPath,
                Label = x.input.Field.Label,
                Unit = x.input.Field.UnitIn(scenario.Currency),
                Value = x.value,
                Origin = scenario.Origins.TryGetValue(x.input.Key, out var origin) ? origin : InputOrigin.Typed,
                Distribution = distributions.GetValueOrDefault(x.input.Key),
            })
            .ToList();
    }
}

/// <summary>
/// The state behind <see cref="CostEngine.PresentValues"/>, kept between calls for many variants of one scenario (Monte
/// Carlo trials): one timeline and one cash flow per option, whose discount, growth and price-factor arrays are
/// recomputed only when the inputs they depend on changed. The formulas are those of every other evaluation. Not
/// thread-safe: one per worker.
/// </summary>
internal sealed class PresentValueWorkspace
{
    private Timeline? _timeline;
    private OptionCashFlow?[] _flows = [];

    /// <summary>Writes each option's present value, in option order, into <paramref name="values"/>.</summary>
    public void PresentValues(Scenario scenario, Span<double> values)
    {
        if (_timeline is null)
        {
            _timeline = new Timeline(scenario);
        }
        else
        {
            _timeline.Update(scenario);
        }
        if (_flows.Length != scenario.Options.Count)
        {
            _flows = new OptionCashFlow?[scenario.Options.Count];
        }
        for (var i = 0; i < _flows.Length; i++)
        {
            var option = scenario.Options[i];
            var flow = _flows[i];
            if (flow is null)
            {
                flow = _flows[i] = OptionCashFlow.For(option, _timeline);
            }
            else
            {
                flow.Prepare(option);
            }
            values[i] = flow.Run(scenario.Workload.RequestsPerMonth);
        }
    }

    /// <summary>The present value of the benefits of the scenario last given to <see cref="PresentValues"/>, on its timeline.</summary>
    public double BenefitsPresentValue(Scenario scenario) =>
        scenario.Benefits is { } benefits && _timeline is not null
            ? CostEngine.BenefitsPresentValue(benefits, scenario.Workload.RequestsPerMonth, _timeline)
            : 0;
}

/// <summary>Present value and levelized cost of each option (in option order) at one first-month demand.</summary>
public sealed record DemandPoint(double RequestsPerMonth, IReadOnlyList<double> PresentValues, IReadOnlyList<double?> LevelizedCostPerMillionTokens);

/// <summary>Why a comparison has no break-even demand (<see cref="Comparison.BreakEvenNote"/>), one text each.</summary>
public static class BreakEvenNotes
{
    public const string ZeroDemand = "no break-even: the scenario's demand is zero";

    public const string BeyondNumbers = "no break-even: the present values at the demands tried are beyond what can be computed";

    public const string AlwaysCheaper = "no break-even below 1000x the scenario's demand: the option costs less at every demand tried";

    public const string AlwaysDearer = "no break-even below 1000x the scenario's demand: the option costs more at every demand tried";

    /// <summary>The notes as phrases, for hosts that write them in the reader's language.</summary>
    public static readonly IReadOnlyList<PhraseTemplate> Phrases =
    [
        new("breakEven.zeroDemand", ZeroDemand),
        new("breakEven.beyondNumbers", BeyondNumbers),
        new("breakEven.alwaysCheaper", AlwaysCheaper),
        new("breakEven.alwaysDearer", AlwaysDearer),
    ];
}
