namespace Planner.Data.Entities;

/// <summary>An accelerator's datasheet figures (dense, no sparsity) and purchase price.</summary>
public sealed class CatalogGpu : CatalogRow
{
    /// <summary>Full name including the vendor, e.g. "NVIDIA H100 SXM"; lookups accept it without the vendor prefix.</summary>
    public string Name { get; set; } = "";

    public string Vendor { get; set; } = "";

    public double Bf16DenseTflops { get; set; }

    /// <summary>Null when the GPU has no fp8 support.</summary>
    public double? Fp8DenseTflops { get; set; }

    /// <summary>Null = the fp8 peak applies to int8.</summary>
    public double? Int8DenseTops { get; set; }

    /// <summary>Null when the GPU has no fp4 support.</summary>
    public double? Fp4DenseTflops { get; set; }

    public double MemoryGb { get; set; }

    public double BandwidthGbPerS { get; set; }

    public double TdpW { get; set; }

    /// <summary>The GPU-to-GPU link, e.g. "NVLink 4"; null when unknown.</summary>
    public string? Interconnect { get; set; }

    /// <summary>Link bandwidth per GPU and direction, GB/s; null when unknown.</summary>
    public double? InterconnectGbPerS { get; set; }

    /// <summary>
    /// The per-GPU share of a complete server's price (server price / GPUs per server), in USD; null when unknown.
    /// An on-prem option naming this GPU gets serverPrice = purchasePriceUsd x gpusPerServer.
    /// </summary>
    public decimal? PurchasePriceUsd { get; set; }

    /// <summary>The datasheet figures as the throughput projector takes them.</summary>
    public CostModel.Projection.GpuSpec ToSpec() => new()
    {
        Name = Name,
        Vendor = Vendor,
        Bf16Tflops = Bf16DenseTflops,
        Fp8Tflops = Fp8DenseTflops,
        MemoryGb = MemoryGb,
        BandwidthGbPerS = BandwidthGbPerS,
        TdpW = TdpW,
        Int8Tops = Int8DenseTops,
        Fp4Tflops = Fp4DenseTflops,
        Interconnect = Interconnect,
        InterconnectGbPerS = InterconnectGbPerS,
    };
}
