using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.Web.Services;

/// <summary>The editor's changes to a scenario, each returning a new immutable scenario.</summary>
public static class ScenarioEdits
{
    /// <summary>The value an input takes when its box is emptied: NaN (missing) when required, else the documented default.</summary>
    public static double ClearedValue(Scenario scenario, ScenarioInput input)
    {
        if (input.Field.Requirement != Requirement.Optional)
        {
            return double.NaN;
        }
        object owner = input.Key switch
        {
            _ when input.OptionId is { } id => OptionKinds.Of(scenario.GetOption(id).Kind).Start(id),
            _ when input.Key.StartsWith("workload.", StringComparison.Ordinal) => new Workload(),
            _ when input.Key.StartsWith("benefits.", StringComparison.Ordinal) => new Benefits(),
            _ => new Scenario { Name = "", HorizonMonths = 1, Workload = new Workload(), Baseline = "", Options = [] },
        };
        return input.Field.Get(owner);
    }

    /// <summary>Adds an option of <paramref name="kind"/>; a link it has (a hybrid's overflowTo) names the first option of a kind the link accepts.</summary>
    public static Scenario AddOption(Scenario scenario, OptionKind kind)
    {
        var descriptor = OptionKinds.Of(kind);
        var option = descriptor.Start(UniqueId(scenario, kind.JsonName()));
        foreach (var link in descriptor.OptionLinks)
        {
            option = link.Set(option, scenario.Options.FirstOrDefault(o => link.Accepts.Contains(o.Kind))?.Id);
        }
        return scenario with { Options = [.. scenario.Options, option] };
    }

    public static Scenario DuplicateOption(Scenario scenario, int index)
    {
        var source = scenario.Options[index];
        var copy = source with { Id = UniqueId(scenario, source.Id + "-copy"), Name = source.Name is null ? null : source.Name + " (copy)" };
        // The copy carries the source's distributions, so it is written as the source is (correlations stay the source's own).
        var prefix = source.Id + ".";
        var copied = scenario.Uncertainties.Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(u => u with { Key = copy.Id + "." + u.Key[prefix.Length..] });
        return scenario with
        {
            Options = [.. scenario.Options.Take(index + 1), copy, .. scenario.Options.Skip(index + 1)],
            Uncertainties = [.. scenario.Uncertainties, .. copied],
        };
    }

    /// <summary>
    /// Removes an option, with everything that names its inputs (origins, distributions, correlations and sensitivity
    /// ranges); when it was the baseline, the first remaining option becomes the baseline.
    /// </summary>
    public static Scenario RemoveOption(Scenario scenario, int index)
    {
        var removed = scenario.Options[index];
        var options = scenario.Options.Where((_, i) => i != index).ToList();
        var baseline = removed.Id == scenario.Baseline && options.Count > 0 ? options[0].Id : scenario.Baseline;
        var prefix = removed.Id + ".";
        return WithoutKeys(scenario with { Options = options, Baseline = baseline }, key => key.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Adds <paramref name="model"/> to the benefits (turning benefits on if needed) with no numbers yet: validation then
    /// names each required field by its path, e.g. benefits.qualityInspection.defectRate. A model already there is kept.
    /// </summary>
    public static Scenario AddValueModel(Scenario scenario, ValueModel model)
    {
        var benefits = scenario.Benefits ?? new Benefits();
        return model.Get(benefits) is not null ? scenario : scenario with { Benefits = model.With(benefits, model.Create()) };
    }

    /// <summary>
    /// Removes <paramref name="model"/> from the benefits, with everything that names its inputs (origins, distributions,
    /// correlations and sensitivity ranges), which would otherwise name inputs the scenario no longer has.
    /// </summary>
    public static Scenario RemoveValueModel(Scenario scenario, ValueModel model)
    {
        if (scenario.Benefits is not { } benefits || model.Get(benefits) is null)
        {
            return scenario;
        }
        var prefix = $"benefits.{model.JsonName}.";
        return WithoutKeys(scenario with { Benefits = model.With(benefits, null) }, key => key.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>The scenario without the origins, distributions, correlations and sensitivity ranges of the inputs <paramref name="gone"/> names.</summary>
    private static Scenario WithoutKeys(Scenario scenario, Func<string, bool> gone) => scenario with
    {
        Origins = scenario.Origins.Where(o => !gone(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal),
        Uncertainties = scenario.Uncertainties.Where(u => !gone(u.Key)).ToList(),
        Correlations = scenario.Correlations.Where(c => !gone(c.First) && !gone(c.Second)).ToList(),
        Sensitivity = scenario.Sensitivity with
        {
            Ranges = scenario.Sensitivity.Ranges.Where(r => !gone(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
        },
    };

    /// <summary>
    /// Replaces the option at <paramref name="index"/>; renaming its id carries along the baseline, the links naming it (a
    /// hybrid's overflowTo) and everything keyed by its inputs (origins, distributions, correlations, sensitivity ranges).
    /// </summary>
    public static Scenario ReplaceOption(Scenario scenario, int index, SourcingOption option)
    {
        var old = scenario.Options[index];
        var options = scenario.Options.Select((o, i) => i == index ? option : o).Select(o => old.Id == option.Id ? o : Relinked(o, old.Id, option.Id)).ToList();
        var baseline = old.Id == scenario.Baseline ? option.Id : scenario.Baseline;
        var replaced = scenario with { Options = options, Baseline = baseline };
        return old.Id == option.Id || scenario.Options.Any(o => o.Id == option.Id) ? replaced : Rekeyed(replaced, old.Id + ".", option.Id + ".");
    }

    /// <summary>The scenario with every input key starting <paramref name="from"/> starting <paramref name="to"/> instead.</summary>
    private static Scenario Rekeyed(Scenario scenario, string from, string to)
    {
        string Key(string key) => key.StartsWith(from, StringComparison.Ordinal) ? to + key[from.Length..] : key;
        return scenario with
        {
            Origins = scenario.Origins.ToDictionary(o => Key(o.Key), o => o.Value, StringComparer.Ordinal),
            Uncertainties = scenario.Uncertainties.Select(u => u with { Key = Key(u.Key) }).ToList(),
            Correlations = scenario.Correlations.Select(c => c with { First = Key(c.First), Second = Key(c.Second) }).ToList(),
            Sensitivity = scenario.Sensitivity with
            {
                Ranges = scenario.Sensitivity.Ranges.ToDictionary(r => Key(r.Key), r => r.Value, StringComparer.Ordinal),
            },
        };
    }

    /// <summary>The option with each link that named <paramref name="from"/> naming <paramref name="to"/>.</summary>
    private static SourcingOption Relinked(SourcingOption option, string from, string to)
    {
        foreach (var link in OptionKinds.Of(option.Kind).OptionLinks.Where(l => l.Get(option) == from))
        {
            option = link.Set(option, to);
        }
        return option;
    }

    /// <summary>Sets a link field of the option at <paramref name="index"/> (a hybrid's overflowTo) to an option id, or clears it.</summary>
    public static Scenario SetLink(Scenario scenario, int index, OptionLinkField link, string? id)
    {
        ArgumentNullException.ThrowIfNull(link);
        var options = scenario.Options.Select((o, i) => i == index ? link.Set(o, string.IsNullOrEmpty(id) ? null : id) : o).ToList();
        return scenario with { Options = options };
    }

    /// <summary>Sets a numeric input and marks it as typed (its catalog or default origin no longer applies).</summary>
    public static Scenario SetInput(Scenario scenario, ScenarioInput input, double value)
    {
        var updated = input.With(scenario, value);
        if (!scenario.Origins.ContainsKey(input.Key))
        {
            return updated;
        }
        var origins = scenario.Origins.Where(o => o.Key != input.Key).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        return updated with { Origins = origins };
    }

    /// <summary>
    /// Sets the number typed in an input's field (<paramref name="stored"/>, in stored units; null when the field was
    /// emptied). An input with a distribution keeps it: the number is its deterministic value ("value" in the JSON), and
    /// emptying the field makes that the distribution's expected value again. Any other input takes the number
    /// (<see cref="SetInput"/>), or, emptied, its <see cref="ClearedValue"/>.
    /// </summary>
    public static Scenario TypeInput(Scenario scenario, ScenarioInput input, double? stored)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(input);
        if (UncertaintyOf(scenario, input.Key) is not { } uncertain)
        {
            return SetInput(scenario, input, stored ?? ClearedValue(scenario, input));
        }
        return WithUncertainty(scenario, input, uncertain with { BaseValue = stored });
    }

    /// <summary>The distribution the input with <paramref name="key"/> carries; null when it carries none.</summary>
    public static UncertainInput? UncertaintyOf(Scenario scenario, string key)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Uncertainties.FirstOrDefault(u => string.Equals(u.Key, key, StringComparison.Ordinal));
    }

    /// <summary>
    /// Gives an input a distribution of <paramref name="kind"/> around its value (<see cref="StartingDistribution"/>), with
    /// that value kept as the deterministic one ("value"), so the evaluation does not move until the distribution is edited.
    /// </summary>
    public static Scenario AddDistribution(Scenario scenario, ScenarioInput input, DistributionKind kind)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(input);
        var value = input.Get(scenario);
        var distribution = StartingDistribution(kind, value, input.Field, scenario.Sensitivity);
        return WithUncertainty(scenario, input, new UncertainInput(input.Key, distribution) { BaseValue = double.IsFinite(value) ? value : null });
    }

    /// <summary>
    /// Makes the input's distribution one of <paramref name="kind"/>, carrying its numbers over (<see cref="CarriedOver"/>);
    /// its "value" is kept.
    /// </summary>
    public static Scenario ChangeDistributionKind(Scenario scenario, ScenarioInput input, DistributionKind kind)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(input);
        if (UncertaintyOf(scenario, input.Key) is not { } uncertain)
        {
            return AddDistribution(scenario, input, kind);
        }
        if (uncertain.Distribution.Kind == kind)
        {
            return scenario;
        }
        var distribution = CarriedOver(uncertain.Distribution, kind, input.Get(scenario), input.Field, scenario.Sensitivity);
        return WithUncertainty(scenario, input, uncertain with { Distribution = distribution });
    }

    /// <summary>
    /// <paramref name="from"/> as a distribution of <paramref name="kind"/>, keeping what its numbers mean (docs/web.md,
    /// "Distributions"): its centre (a triangular or PERT mode, a normal or lognormal mean, the middle of a uniform, a
    /// discrete's expected value) becomes the new mode or mean; its bounds (min and max, a discrete's smallest and largest
    /// value, else the mean ± 2 standard deviations within the field's range) become the new min and max, and a normal
    /// is truncated to bounds the old distribution had; its spread (a standard deviation, else a quarter of the bounds'
    /// width) becomes the new standard deviation; a discrete takes the low end, the centre and the high end. A parameter
    /// the old distribution cannot supply starts as <see cref="StartingDistribution"/> starts it around <paramref name="value"/>.
    /// </summary>
    public static Distribution CarriedOver(Distribution from, DistributionKind kind, double value, InputField field, SensitivitySettings sensitivity)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(field);
        var start = StartingDistribution(kind, value, field, sensitivity);
        var centre = from.Kind switch
        {
            DistributionKind.Triangular or DistributionKind.Pert => from.Mode,
            DistributionKind.Normal or DistributionKind.LogNormal => from.Mean,
            DistributionKind.Uniform => from.Min is { } a && from.Max is { } b ? (a + b) / 2 : null,
            DistributionKind.Discrete => from.Validate("").Count == 0 ? from.ExpectedValue() : null,
        };
        // The bounds the old distribution states (a normal's only when truncated); a normal or lognormal otherwise spans its mean ± 2σ.
        (double? Low, double? High) stated = from.Kind switch
        {
            DistributionKind.Triangular or DistributionKind.Pert or DistributionKind.Uniform or DistributionKind.Normal => (from.Min, from.Max),
            DistributionKind.LogNormal => (null, null),
            DistributionKind.Discrete => from.Values.Count >= 2 ? (from.Values.Min(), from.Values.Max()) : (null, null),
        };
        var low = stated.Low;
        var high = stated.High;
        if (from.Kind is DistributionKind.Normal or DistributionKind.LogNormal && from.Mean is { } mean && from.StdDev is { } sd && sd > 0)
        {
            low ??= field.Range.Clamp(mean - 2 * sd);
            high ??= field.Range.Clamp(mean + 2 * sd);
        }
        if (low is { } l && high is { } h && !(l < h))
        {
            (low, high) = (null, null);
        }
        var spread = from.Kind is DistributionKind.Normal or DistributionKind.LogNormal && from.StdDev is > 0
            ? from.StdDev
            : low is { } lo && high is { } hi ? (hi - lo) / 4 : null;
        (centre, low, high, spread) = (Rounded(centre), Rounded(low), Rounded(high), Rounded(spread));
        return kind switch
        {
            DistributionKind.Triangular or DistributionKind.Pert => start with { Min = low ?? start.Min, Mode = centre ?? start.Mode, Max = high ?? start.Max },
            DistributionKind.Uniform => start with { Min = low ?? start.Min, Max = high ?? start.Max },
            DistributionKind.Normal => start with
            {
                Mean = centre ?? start.Mean,
                StdDev = spread ?? start.StdDev,
                Min = stated.Low is not null && stated.High is not null ? low : null,
                Max = stated.Low is not null && stated.High is not null ? high : null,
            },
            DistributionKind.LogNormal => start with { Mean = centre is > 0 ? centre : start.Mean, StdDev = spread ?? start.StdDev },
            DistributionKind.Discrete => low is { } a && centre is { } c && high is { } b && a < c && c < b ? start with { Values = [a, c, b] } : start,
        };
    }

    /// <summary>A carried number to 12 significant digits, so 2.5 − 2 × 0.575 shows as 1.35.</summary>
    private static double? Rounded(double? value) => value is { } v ? InputEntry.RoundSignificant(v) : null;

    /// <summary>Replaces the parameters of the input's distribution (its kind and "value" stay as they are).</summary>
    public static Scenario SetDistribution(Scenario scenario, ScenarioInput input, Func<Distribution, Distribution> edit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(edit);
        return UncertaintyOf(scenario, input.Key) is { } uncertain
            ? WithUncertainty(scenario, input, uncertain with { Distribution = edit(uncertain.Distribution) with { Kind = uncertain.Distribution.Kind } })
            : scenario;
    }

    /// <summary>Takes the distribution off an input, with the correlations naming it; the input keeps the number it had.</summary>
    public static Scenario RemoveDistribution(Scenario scenario, ScenarioInput input)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(input);
        return scenario with
        {
            Uncertainties = scenario.Uncertainties.Where(u => u.Key != input.Key).ToList(),
            Correlations = scenario.Correlations.Where(c => c.First != input.Key && c.Second != input.Key).ToList(),
        };
    }

    /// <summary>
    /// Adds a rank correlation of 0 (independent until a coefficient is typed) between the first two uncertain inputs, in
    /// the scenario's order, that no correlation pairs yet; the scenario as it is when every pair has one or fewer than two
    /// inputs carry a distribution.
    /// </summary>
    public static Scenario AddCorrelation(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var keys = scenario.Uncertainties.Select(u => u.Key).Distinct(StringComparer.Ordinal).ToList();
        var pair = keys.SelectMany((first, i) => keys.Skip(i + 1).Select(second => (First: first, Second: second)))
            .FirstOrDefault(p => !scenario.Correlations.Any(c => Pairs(c, p.First, p.Second)));
        return pair.First is null ? scenario : scenario with { Correlations = [.. scenario.Correlations, new RankCorrelation(pair.First, pair.Second, 0)] };
    }

    /// <summary>Replaces the correlation at <paramref name="index"/> (its inputs or coefficient as typed; the validator checks them).</summary>
    public static Scenario SetCorrelation(Scenario scenario, int index, Func<RankCorrelation, RankCorrelation> edit)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(edit);
        return index < 0 || index >= scenario.Correlations.Count ? scenario
            : scenario with { Correlations = scenario.Correlations.Select((c, i) => i == index ? edit(c) : c).ToList() };
    }

    /// <summary>Removes the correlation at <paramref name="index"/>.</summary>
    public static Scenario RemoveCorrelation(Scenario scenario, int index)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return index < 0 || index >= scenario.Correlations.Count ? scenario
            : scenario with { Correlations = scenario.Correlations.Where((_, i) => i != index).ToList() };
    }

    private static bool Pairs(RankCorrelation correlation, string a, string b) =>
        (correlation.First == a && correlation.Second == b) || (correlation.First == b && correlation.Second == a);

    /// <summary>
    /// A distribution of <paramref name="kind"/> around <paramref name="value"/>, spread as the tornado spreads the input
    /// (its low and high factors, within the field's range): triangular and PERT with the value as mode, uniform between the
    /// two ends, normal and lognormal with the value as mean and a quarter of the spread as standard deviation, discrete
    /// over the low end, the value and the high end. A parameter with nothing to start from (a value of 0 has no spread;
    /// a lognormal needs a mean above 0) is left out, so the field that needs it says so.
    /// </summary>
    public static Distribution StartingDistribution(DistributionKind kind, double value, InputField field, SensitivitySettings sensitivity)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(sensitivity);
        double? centre = double.IsFinite(value) ? value : null;
        double? low = null, high = null;
        if (centre is { } v && v != 0)
        {
            var ends = new[] { field.Range.Clamp(v * sensitivity.LowFactor), field.Range.Clamp(v * sensitivity.HighFactor) };
            if (ends.Min() < ends.Max())
            {
                (low, high) = (ends.Min(), ends.Max());
            }
        }
        double? spread = low is { } lo && high is { } hi ? (hi - lo) / 4 : null;
        return kind switch
        {
            DistributionKind.Triangular or DistributionKind.Pert => new Distribution { Kind = kind, Min = low, Mode = centre, Max = high },
            DistributionKind.Uniform => new Distribution { Kind = kind, Min = low, Max = high },
            DistributionKind.Normal => new Distribution { Kind = kind, Mean = centre, StdDev = spread },
            DistributionKind.LogNormal => new Distribution { Kind = kind, Mean = centre is > 0 ? centre : null, StdDev = spread },
            DistributionKind.Discrete => new Distribution
            {
                Kind = kind,
                Values = low is { } a && high is { } b ? [a, centre!.Value, b] : centre is { } c ? [c] : [],
            },
        };
    }

    /// <summary>
    /// The scenario with the input carrying <paramref name="uncertain"/> (in place of any distribution it had) and its
    /// number following it: the "value" when given, else the distribution's expected value while its parameters are
    /// valid (an invalid distribution leaves the number as it was, and the validator names the parameter at fault).
    /// </summary>
    private static Scenario WithUncertainty(Scenario scenario, ScenarioInput input, UncertainInput uncertain)
    {
        var replaced = false;
        var uncertainties = scenario.Uncertainties.Select(u =>
        {
            if (u.Key != input.Key)
            {
                return u;
            }
            replaced = true;
            return uncertain;
        }).ToList();
        var updated = scenario with { Uncertainties = replaced ? uncertainties : [.. uncertainties, uncertain] };
        var value = uncertain.BaseValue
            ?? (uncertain.Distribution.Validate(input.JsonPath).Count == 0 ? uncertain.Distribution.ExpectedValue() : input.Get(scenario));
        return SetInput(updated, input, value);
    }

    /// <summary>
    /// Gives the workload an hourly profile (<paramref name="on"/>), starting flat (every hour 1/24 of the day, the shape
    /// of a peak-to-average of 1) with peakToAverage left at 1, as a profile requires; or takes it off with the weekend
    /// profile and its day volume, so the peak-to-average factor applies again.
    /// </summary>
    public static Scenario SetHourlyProfile(Scenario scenario, bool on)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var workload = scenario.Workload;
        if (on == workload.HourlyShares is not null)
        {
            return scenario;
        }
        return scenario with
        {
            Workload = on
                ? workload with { HourlyShares = FlatDay(), PeakToAverage = 1 }
                : workload with { HourlyShares = null, WeekendHourlyShares = null, WeekendDayVolume = 1 },
        };
    }

    /// <summary>Gives weekend days their own profile (a copy of the weekday one to start from), or takes it off with its day volume.</summary>
    public static Scenario SetWeekendProfile(Scenario scenario, bool on)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var workload = scenario.Workload;
        if (on == workload.WeekendHourlyShares is not null)
        {
            return scenario;
        }
        return scenario with
        {
            Workload = on
                ? workload with { WeekendHourlyShares = (workload.HourlyShares ?? FlatDay()).ToArray() }
                : workload with { WeekendHourlyShares = null, WeekendDayVolume = 1 },
        };
    }

    /// <summary>Sets the weekday (or <paramref name="weekend"/>) profile's shares as typed; the validator checks them.</summary>
    public static Scenario SetHourlyShares(Scenario scenario, bool weekend, IReadOnlyList<double> shares)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(shares);
        var copy = shares.ToArray();
        return scenario with
        {
            Workload = weekend ? scenario.Workload with { WeekendHourlyShares = copy } : scenario.Workload with { HourlyShares = copy },
        };
    }

    private static double[] FlatDay() => Enumerable.Repeat(1.0 / DemandShape.HoursPerDay, DemandShape.HoursPerDay).ToArray();

    /// <summary>
    /// Makes an option take its prices from a catalog row: an API price card (input and output prices), a cloud offer
    /// (GPU-hour price) or, on premises, a GPU (server price from its purchase price), as its kind's
    /// <see cref="OptionKindDescriptor.PricedBy"/> says. The typed figures are cleared so the store supplies them.
    /// </summary>
    public static SourcingOption UseCatalogRow(SourcingOption option, string key) =>
        OptionKinds.Of(option.Kind).PriceFromCatalog(option, key);

    /// <summary>
    /// Makes a GPU option take its prefill/decode throughput from a benchmark result (throughputFrom): the typed
    /// figures are cleared so the store supplies them, with the run as their origin.
    /// </summary>
    public static Scenario UseThroughput(Scenario scenario, int index, ThroughputReference reference)
    {
        if (scenario.Options[index] is not GpuOption option)
        {
            throw new ArgumentException($"option {scenario.Options[index].Id} does not run on GPUs", nameof(index));
        }
        var updated = option with
        {
            References = option.References with { ThroughputFrom = reference },
            PrefillTokensPerGpuSecond = double.NaN,
            DecodeTokensPerGpuSecond = double.NaN,
        };
        var origins = scenario.Origins
            .Where(o => o.Key != $"{option.Id}.prefillTokensPerGpuSecond" && o.Key != $"{option.Id}.decodeTokensPerGpuSecond")
            .ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        return ReplaceOption(scenario, index, updated) with { Origins = origins };
    }

    /// <summary>
    /// Hands a choice to option <paramref name="index"/>: its throughput (<see cref="UseThroughput"/>), or the serving run
    /// it names as a GPU option's capacityFrom or an API option's latencyFrom, clearing the figures the run then supplies
    /// (the capacity and its GPUs per replica; the measured p95 latency) and their origins.
    /// </summary>
    public static Scenario Hand(Scenario scenario, int index, ThroughputChoice choice)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(choice);
        var option = scenario.Options[index];
        if (!choice.Fits(option))
        {
            throw new ArgumentException($"option {option.Id} cannot take {choice.Field}", nameof(index));
        }
        (SourcingOption Updated, string[] Supplied) edit = choice.Kind switch
        {
            HandOff.Throughput => (option, []),
            HandOff.Capacity => ((GpuOption)option with
            {
                References = option.References with { CapacityFrom = choice.ServingRun },
                ReplicaRequestsPerSecond = 0,
                GpusPerReplica = 1,
            }, ["replicaRequestsPerSecond", "gpusPerReplica"]),
            HandOff.Latency => ((ApiOption)option with
            {
                References = option.References with { LatencyFrom = choice.ServingRun },
                MeasuredTtftP95Seconds = 0,
                MeasuredItlP95Seconds = 0,
            }, ["measuredTtftP95Seconds", "measuredItlP95Seconds"]),
            HandOff.Training => ((GpuOption)option with
            {
                References = option.References with { TrainingFrom = choice.Training },
                TrainingGpuHoursPerRetrain = 0,
            }, ["trainingGpuHoursPerRetrain"]),
        };
        if (choice.Kind == HandOff.Throughput)
        {
            var handed = UseThroughput(scenario, index, choice.Reference!);
            return choice.Reference!.Projection is { Gpus: > 1 } projection ? WholeReplicaMinimum(handed, index, projection.Gpus) : handed;
        }
        var keys = edit.Supplied.Select(f => $"{option.Id}.{f}").ToHashSet(StringComparer.Ordinal);
        var origins = scenario.Origins.Where(o => !keys.Contains(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        if (choice.Kind == HandOff.Training)
        {
            // An optional figure the store supplies counts as typed unless it is marked as left out (its default).
            foreach (var key in keys)
            {
                origins[key] = InputOrigin.Default;
            }
        }
        return ReplaceOption(scenario, index, edit.Updated) with { Origins = origins };
    }

    /// <summary>
    /// Makes a GPU option hold at least <paramref name="gpus"/> GPUs whatever the demand (a fleet sized at a latency target on
    /// the capacity page): a cloud option rents them around the clock (<c>minGpus</c>); an on-premises option owns
    /// ⌈gpus / gpusPerServer⌉ servers (<c>minServers</c>), and is left as it is while its GPUs per server are not set.
    /// </summary>
    public static Scenario HoldGpus(Scenario scenario, int index, int gpus)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegative(gpus);
        var option = scenario.Options[index];
        SourcingOption updated = option.Kind switch
        {
            OptionKind.Cloud => (CloudOption)option with { MinGpus = gpus },
            OptionKind.OnPrem => (OnPremOption)option is { GpusPerServer: >= 1 } onPrem
                ? onPrem with { MinServers = (gpus + onPrem.GpusPerServer - 1) / onPrem.GpusPerServer }
                : option,
            OptionKind.Hybrid => (HybridOption)option is { GpusPerServer: >= 1 } hybrid
                ? hybrid with { BaseServers = (gpus + hybrid.GpusPerServer - 1) / hybrid.GpusPerServer, BasePercentile = 0 }
                : option,
            OptionKind.Api => throw new ArgumentException($"option {option.Id} does not run on GPUs", nameof(index)),
        };
        return ReplaceOption(scenario, index, updated);
    }

    /// <summary>
    /// Rounds a GPU option's floor up to whole replicas of <paramref name="gpusPerReplica"/> GPUs (a projection handed over
    /// on N tensor-parallel GPUs is one replica of N; the store then supplies gpusPerReplica = N and the fleet is sized in
    /// whole replicas): a cloud option's nonzero minGpus to a multiple of N; an on-premises option's minServers, and a
    /// hybrid's baseServers, to enough servers for whole replicas. A floor of zero stays zero.
    /// </summary>
    public static Scenario WholeReplicaMinimum(Scenario scenario, int index, int gpusPerReplica)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerReplica, 1);
        int Whole(int gpus) => (gpus + gpusPerReplica - 1) / gpusPerReplica * gpusPerReplica;
        int Servers(int servers, int gpusPerServer) => gpusPerServer < 1 || servers == 0 ? servers : (Whole(servers * gpusPerServer) + gpusPerServer - 1) / gpusPerServer;
        var option = scenario.Options[index];
        SourcingOption updated = option.Kind switch
        {
            OptionKind.Cloud => (CloudOption)option with { MinGpus = Whole(((CloudOption)option).MinGpus) },
            OptionKind.OnPrem => (OnPremOption)option with { MinServers = Servers(((OnPremOption)option).MinServers, ((OnPremOption)option).GpusPerServer) },
            OptionKind.Hybrid => (HybridOption)option with { BaseServers = Servers(((HybridOption)option).BaseServers, ((HybridOption)option).GpusPerServer) },
            OptionKind.Api => throw new ArgumentException($"option {option.Id} does not run on GPUs", nameof(index)),
        };
        return ReplaceOption(scenario, index, updated);
    }

    private static string UniqueId(Scenario scenario, string stem)
    {
        var ids = scenario.Options.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        if (!ids.Contains(stem))
        {
            return stem;
        }
        var n = 2;
        while (ids.Contains(stem + n))
        {
            n++;
        }
        return stem + n;
    }
}
