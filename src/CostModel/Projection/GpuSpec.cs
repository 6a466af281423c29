namespace Planner.CostModel.Projection;

/// <summary>
/// An accelerator's datasheet figures (dense, no sparsity) as the projection needs them. The GPU catalog supplies
/// bf16 and fp8 peaks; fp16 runs at the bf16 peak and int8 at the fp8 peak (equal on the Hopper, Ada and CDNA3
/// datasheets the catalog holds); fp32 has no catalog figure and is projected only when <see cref="Fp32Tflops"/> is given.
/// </summary>
public sealed record GpuSpec
{
    /// <summary>Full name including the vendor, e.g. "NVIDIA H100 SXM".</summary>
    public required string Name { get; init; }

    public required string Vendor { get; init; }

    public required double Bf16Tflops { get; init; }

    /// <summary>Null when the GPU has no fp8 support.</summary>
    public double? Fp8Tflops { get; init; }

    public double? Fp32Tflops { get; init; }

    public required double MemoryGb { get; init; }

    public required double BandwidthGbPerS { get; init; }

    public double? TdpW { get; init; }

    /// <summary>Peak dense TFLOP/s at <paramref name="precision"/>; null when this GPU has no figure for it.</summary>
    public double? PeakTflops(Precision precision) => precision switch
    {
        Precision.Bf16 or Precision.Fp16 => Bf16Tflops,
        Precision.Fp8 or Precision.Int8 => Fp8Tflops,
        Precision.Fp32 => Fp32Tflops,
        _ => null,
    };
}
