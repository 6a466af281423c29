using Planner.Data.Entities;

namespace Planner.Web.Services;

/// <summary>The model and GPU the projection and capacity pages open with.</summary>
internal static class ReplicaDefaults
{
    /// <summary>
    /// A mid-sized dense model on the best-known data-centre GPU, which fits on one GPU so the first view has results:
    /// llama-3-8b on an H100 SXM (else any H100), else the catalogs' first rows.
    /// </summary>
    public static (string? Model, string? Gpu) Choose(IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpus) =>
        ((models.FirstOrDefault(m => m.Name.Equals("llama-3-8b", StringComparison.OrdinalIgnoreCase)) ?? models.FirstOrDefault())?.Name,
         (gpus.FirstOrDefault(g => g.Name.Contains("H100 SXM", StringComparison.OrdinalIgnoreCase))
            ?? gpus.FirstOrDefault(g => g.Name.Contains("H100", StringComparison.OrdinalIgnoreCase)) ?? gpus.FirstOrDefault())?.Name);
}
