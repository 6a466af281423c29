using System.Globalization;
using Planner.Data.Entities;

namespace Planner.Data.Scenarios;

/// <summary>
/// A catalog price's way into the scenario's currency: the factor it is multiplied by and the note every origin of a
/// converted figure carries (the rate, its date and its source), so the rate is shown wherever the figure is.
/// </summary>
public sealed record CurrencyConversion(double Factor, string Note)
{
    /// <summary>The price is already in the scenario's currency.</summary>
    public static readonly CurrencyConversion None = new(1, "");

    public double Apply(double price) => Factor == 1 ? price : price * Factor;

    /// <summary>
    /// <paramref name="from"/> into <paramref name="to"/> by the from/to row, else by the inverse of the to/from row;
    /// null when the table has neither (no conversion through a third currency).
    /// </summary>
    public static CurrencyConversion? Find(IEnumerable<ExchangeRate> rates, string from, string to)
    {
        var list = rates as IReadOnlyCollection<ExchangeRate> ?? rates.ToList();
        if (list.FirstOrDefault(r => r.From == from && r.To == to) is { } direct)
        {
            return new(direct.Rate, Describe(from, to, direct.Rate, direct, inverse: false));
        }
        if (list.FirstOrDefault(r => r.From == to && r.To == from) is { } reverse)
        {
            return new(1 / reverse.Rate, Describe(from, to, 1 / reverse.Rate, reverse, inverse: true));
        }
        return null;
    }

    private static string Describe(string from, string to, double factor, ExchangeRate row, bool inverse)
    {
        var rate = factor.ToString("0.######", CultureInfo.InvariantCulture);
        var stated = inverse ? $", 1 / {row.Rate.ToString("0.######", CultureInfo.InvariantCulture)} {row.From}/{row.To}" : "";
        return $"; {from} converted at {rate} {to} per {from} (fx {row.Key}{stated}, {row.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, {row.Source})";
    }
}
