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

    /// <summary>A replica capacity is a capacity at the workload's targets: it needs them.</summary>
    internal static IEnumerable<InputProblem> TargetRules(SourcingOption option, Scenario scenario, string path)
    {
        if (option is GpuOption { ReplicaRequestsPerSecond: > 0 } gpu && !scenario.Workload.HasLatencyTargets)
        {
            yield return InputProblem.At($"{path}.replicaRequestsPerSecond",
                $"needs the workload's latency targets (workload.ttftP95Seconds and itlP95Seconds): it is one replica's capacity at them (got {Json.ScenarioJson.Format(gpu.ReplicaRequestsPerSecond)} without targets)");
        }
    }
}
