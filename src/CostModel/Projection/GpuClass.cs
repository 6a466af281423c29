namespace Planner.CostModel.Projection;

/// <summary>
/// A GPU's class for carrying calibrated efficiency factors (docs/methodology.md, "Throughput projection", carry rule):
/// its vendor and architecture generation, read from the product name — the catalog's names ("NVIDIA H100 SXM") and
/// the driver's ("NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB") alike. Generations from the vendors' architecture
/// pages: NVIDIA Volta (V100), Turing (T4), Ampere (A100, A30, A10, A10G, A40, A16, A2, A800, RTX A-series), Ada Lovelace
/// (L4, L40, L40S, RTX 40-series, RTX 6000 Ada), Hopper (H100, H800, H200, GH200), Blackwell (B100, B200, GB200);
/// AMD CDNA (MI100), CDNA 2 (MI210, MI250, MI250X), CDNA 3 (MI300X, MI300A, MI325X); Intel Gaudi (Gaudi 2, Gaudi 3).
/// </summary>
public sealed record GpuClass(string Vendor, string Architecture)
{
    private static readonly (string Vendor, string Architecture, string[] Models)[] Table =
    [
        ("NVIDIA", "Volta", ["V100"]),
        ("NVIDIA", "Turing", ["T4"]),
        ("NVIDIA", "Ampere", ["A100", "A800", "A30", "A10", "A10G", "A40", "A16", "A2", "A6000", "A5000", "A4000"]),
        ("NVIDIA", "Ada Lovelace", ["L4", "L40", "L40S", "4090", "4080", "ADA"]),
        ("NVIDIA", "Hopper", ["H100", "H800", "H200", "GH200", "H20"]),
        ("NVIDIA", "Blackwell", ["B100", "B200", "GB200"]),
        ("AMD", "CDNA", ["MI100"]),
        ("AMD", "CDNA 2", ["MI210", "MI250", "MI250X"]),
        ("AMD", "CDNA 3", ["MI300X", "MI300A", "MI325X"]),
        ("Intel", "Gaudi", ["GAUDI"]),
    ];

    /// <summary>The class of a GPU named <paramref name="name"/>; null when the name matches no row of the table.</summary>
    /// <param name="vendor">The catalog's vendor column where known; otherwise the name's first word decides.</param>
    public static GpuClass? Of(string name, string? vendor = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.ToUpperInvariant().Split([' ', '-', '_', '/'], StringSplitOptions.RemoveEmptyEntries);
        var maker = vendor?.ToUpperInvariant() ?? words.FirstOrDefault();
        // "ADA" marks the RTX 6000 Ada; other model words must match whole (A10 is not A100).
        foreach (var row in Table.Where(r => string.Equals(r.Vendor, maker, StringComparison.OrdinalIgnoreCase)))
        {
            if (words.Any(w => row.Models.Contains(w, StringComparer.Ordinal)))
            {
                return new GpuClass(row.Vendor, row.Architecture);
            }
        }
        return null;
    }

    /// <summary>
    /// The GPU model a name speaks of, as the table spells it ("NVIDIA H100 80GB HBM3" and "NVIDIA H100 SXM" → H100,
    /// "NVIDIA A100-SXM4-80GB" → A100; memory sizes and form factors do not count); null when no model word of the
    /// table is in the name. Throughput measured on one model does not carry to another (<c>EvidenceGuard</c>).
    /// </summary>
    public static string? ModelOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = name.ToUpperInvariant().Split([' ', '-', '_', '/'], StringSplitOptions.RemoveEmptyEntries);
        return Table.SelectMany(r => r.Models).FirstOrDefault(model => words.Contains(model, StringComparer.Ordinal));
    }

    public override string ToString() => $"{Vendor} {Architecture}";
}
