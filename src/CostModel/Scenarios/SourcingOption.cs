namespace Planner.CostModel.Scenarios;

public enum OptionKind
{
    Api,
    Cloud,
    OnPrem,
}

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

public sealed record ApiOption : SourcingOption
{
    public override OptionKind Kind => OptionKind.Api;

    public double InputPricePerMillion { get; init; } = double.NaN;

    public double OutputPricePerMillion { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }
}

/// <summary>Options that serve the workload on GPUs, sized by measured or projected throughput.</summary>
public abstract record GpuOption : SourcingOption
{
    public double PrefillTokensPerGpuSecond { get; init; } = double.NaN;

    public double DecodeTokensPerGpuSecond { get; init; } = double.NaN;

    public double TargetUtilization { get; init; } = 1;

    public double StaffFte { get; init; }

    public double FteAnnualCost { get; init; }
}

public sealed record CloudOption : GpuOption
{
    public override OptionKind Kind => OptionKind.Cloud;

    public double GpuHourPrice { get; init; } = double.NaN;

    public double AnnualPriceChange { get; init; }

    public int MinGpus { get; init; }
}

public sealed record OnPremOption : GpuOption
{
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

    public double ColocationPerKwMonth { get; init; }

    public double MaintenanceRateAnnual { get; init; }

    public double DepreciationYears { get; init; } = double.NaN;

    public double ResaleValueFraction { get; init; } = 1;
}
