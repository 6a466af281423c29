namespace Planner.CostModel.Scenarios;

/// <summary>One way to serve the workload. Numbers are NaN only while missing (before validation).</summary>
public abstract record SourcingOption
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    public abstract OptionKind Kind { get; }

    public double FixedMonthly { get; init; }

    public double SetupCost { get; init; }

    public string? Notes { get; init; }

    /// <summary>Catalog and benchmark references that supply numbers; resolved before evaluation.</summary>
    public OptionReferences References { get; init; } = OptionReferences.None;
}

/// <summary>Options that serve the workload on GPUs, sized by measured or projected throughput.</summary>
public abstract record GpuOption : SourcingOption
{
    public double PrefillTokensPerGpuSecond { get; init; } = double.NaN;

    public double DecodeTokensPerGpuSecond { get; init; } = double.NaN;

    public double TargetUtilization { get; init; } = 1;

    public double StaffFte { get; init; }

    public double FteAnnualCost { get; init; }

    /// <summary>Annual escalation of the cost per FTE: month t pays it times (1 + escalation)^((t - 1) / 12).</summary>
    public double StaffEscalationAnnual { get; init; }

    /// <summary>
    /// Requests per second one replica sustains at the workload's latency targets (the capacity search, docs/methodology.md,
    /// "Capacity search"); 0 = not known, and the option is sized from its throughput and target utilization.
    /// </summary>
    public double ReplicaRequestsPerSecond { get; init; }

    /// <summary>GPUs one replica (one copy of the model) runs on.</summary>
    public int GpusPerReplica { get; init; } = 1;

    /// <summary>Whether the option is sized at the workload's latency targets: the workload has them and this option a replica capacity.</summary>
    public bool SizedAtTargets(bool workloadHasTargets) => workloadHasTargets && ReplicaRequestsPerSecond > 0;

    private static readonly Text.PhraseTemplate CapacityWithoutTargets = new("gpu.capacityWithoutTargets",
        "needs the workload's latency targets (workload.ttftP95Seconds and itlP95Seconds): it is one replica's capacity at them (got {0} without targets)");

    /// <summary>A replica capacity is a capacity at the workload's targets: it needs them.</summary>
    internal static IEnumerable<InputProblem> TargetRules(SourcingOption option, Scenario scenario, string path)
    {
        if (option is GpuOption { ReplicaRequestsPerSecond: > 0 } gpu && !scenario.Workload.HasLatencyTargets)
        {
            yield return InputProblem.At($"{path}.replicaRequestsPerSecond", CapacityWithoutTargets.With(Json.ScenarioJson.Format(gpu.ReplicaRequestsPerSecond)));
        }
    }

    /// <summary>GPU-hours one retraining of the model takes on this option's GPUs.</summary>
    public double TrainingGpuHoursPerRetrain { get; init; }

    /// <summary>How many times a month the model is retrained.</summary>
    public double RetrainsPerMonth { get; init; }

    /// <summary>trainingGpuHoursPerRetrain x retrainsPerMonth: the GPU-hours retraining takes each month (docs/methodology.md, "Retraining").</summary>
    public double RetrainingGpuHoursPerMonth => TrainingGpuHoursPerRetrain * RetrainsPerMonth;
}
