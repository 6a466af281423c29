namespace Planner.CostModel.Projection;

/// <summary>
/// An accelerator's datasheet figures (dense, no sparsity) as the projection needs them: a peak per compute format,
/// memory, bandwidth and the link between GPUs of one server that tensor-parallel all-reduces use. fp16 runs at the bf16
/// peak; int8 at <see cref="Int8Tops"/>, or at the fp8 peak where the catalog gives no int8 figure (equal on the
/// Hopper, Ada and CDNA3 datasheets); fp32 has no catalog figure and is projected only when <see cref="Fp32Tflops"/> is
/// given; int4 is weight-only and computes in its activations' format, so it has no peak of its own.
/// </summary>
public sealed record GpuSpec
{
    /// <summary>Full name including the vendor, e.g. "NVIDIA H100 SXM".</summary>
    public required string Name { get; init; }

    public required string Vendor { get; init; }

    public required double Bf16Tflops { get; init; }

    /// <summary>Null when the GPU has no fp8 support.</summary>
    public double? Fp8Tflops { get; init; }

    /// <summary>Dense int8 tera-operations per second; null = the fp8 peak applies (or none without fp8).</summary>
    public double? Int8Tops { get; init; }

    /// <summary>Null when the GPU has no fp4 support (before Blackwell and CDNA4).</summary>
    public double? Fp4Tflops { get; init; }

    public double? Fp32Tflops { get; init; }

    public required double MemoryGb { get; init; }

    public required double BandwidthGbPerS { get; init; }

    public double? TdpW { get; init; }

    /// <summary>The GPU-to-GPU link, e.g. "NVLink 4" or "PCIe 4.0 x16"; null when the catalog does not say.</summary>
    public string? Interconnect { get; init; }

    /// <summary>
    /// Bandwidth of <see cref="Interconnect"/> per GPU and direction, GB/s (NVLink's datasheet figure counts both
    /// directions: 900 GB/s on an H100 SXM is 450 each way); null = no figure, and tensor parallel cannot be projected.
    /// </summary>
    public double? InterconnectGbPerS { get; init; }

    /// <summary>Peak dense TFLOP/s (TOPS for int8) at <paramref name="precision"/>; null when this GPU has no figure for it.</summary>
    public double? PeakTflops(Precision precision) => precision switch
    {
        Precision.Bf16 or Precision.Fp16 => Bf16Tflops,
        Precision.Fp8 => Fp8Tflops,
        Precision.Int8 => Int8Tops ?? Fp8Tflops,
        Precision.Fp4 => Fp4Tflops,
        Precision.Fp32 => Fp32Tflops,
        Precision.Int4 => null,
        _ => null,
    };

    /// <summary>The formats with a peak figure on this GPU, for messages.</summary>
    public string PeakFormats() => string.Join(", ", Enum.GetValues<Precision>().Where(p => PeakTflops(p) is not null).Select(Precisions.Name));
}
