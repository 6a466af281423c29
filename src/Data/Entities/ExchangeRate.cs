namespace Planner.Data.Entities;

/// <summary>
/// A dated, sourced exchange rate: one <see cref="From"/> is worth <see cref="Rate"/> of <see cref="To"/>. Catalog prices
/// in another currency than the scenario's are converted by it (docs/methodology.md, "Inputs from the catalogs").
/// </summary>
public sealed class ExchangeRate : CatalogRow
{
    /// <summary>ISO 4217 code of the currency converted from, e.g. USD.</summary>
    public string From { get; set; } = "";

    /// <summary>ISO 4217 code of the currency converted to, e.g. CNY.</summary>
    public string To { get; set; } = "";

    /// <summary>Units of <see cref="To"/> for one unit of <see cref="From"/>.</summary>
    public double Rate { get; set; }

    public string Key => $"{From}/{To}";
}
