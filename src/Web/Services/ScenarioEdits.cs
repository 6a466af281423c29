using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;

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
        return scenario with { Options = [.. scenario.Options.Take(index + 1), copy, .. scenario.Options.Skip(index + 1)] };
    }

    /// <summary>Removes an option; when it was the baseline, the first remaining option becomes the baseline.</summary>
    public static Scenario RemoveOption(Scenario scenario, int index)
    {
        var removed = scenario.Options[index];
        var options = scenario.Options.Where((_, i) => i != index).ToList();
        var baseline = removed.Id == scenario.Baseline && options.Count > 0 ? options[0].Id : scenario.Baseline;
        return scenario with { Options = options, Baseline = baseline, Origins = WithoutOption(scenario.Origins, removed.Id) };
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
        bool Gone(string key) => key.StartsWith(prefix, StringComparison.Ordinal);
        return scenario with
        {
            Benefits = model.With(benefits, null),
            Origins = scenario.Origins.Where(o => !Gone(o.Key)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal),
            Uncertainties = scenario.Uncertainties.Where(u => !Gone(u.Key)).ToList(),
            Correlations = scenario.Correlations.Where(c => !Gone(c.First) && !Gone(c.Second)).ToList(),
            Sensitivity = scenario.Sensitivity with
            {
                Ranges = scenario.Sensitivity.Ranges.Where(r => !Gone(r.Key)).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal),
            },
        };
    }

    /// <summary>Replaces the option at <paramref name="index"/>; renaming its id carries the baseline and the links naming it (a hybrid's overflowTo) along.</summary>
    public static Scenario ReplaceOption(Scenario scenario, int index, SourcingOption option)
    {
        var old = scenario.Options[index];
        var options = scenario.Options.Select((o, i) => i == index ? option : o).Select(o => old.Id == option.Id ? o : Relinked(o, old.Id, option.Id)).ToList();
        var baseline = old.Id == scenario.Baseline ? option.Id : scenario.Baseline;
        return scenario with { Options = options, Baseline = baseline };
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
            OptionKind.OnPrem => option is OnPremOption { GpusPerServer: >= 1 } onPrem
                ? onPrem with { MinServers = (gpus + onPrem.GpusPerServer - 1) / onPrem.GpusPerServer }
                : option,
            OptionKind.Hybrid => option is HybridOption { GpusPerServer: >= 1 } hybrid
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

    private static Dictionary<string, InputOrigin> WithoutOption(IReadOnlyDictionary<string, InputOrigin> origins, string optionId) =>
        origins.Where(o => !o.Key.StartsWith(optionId + ".", StringComparison.Ordinal)).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
}
