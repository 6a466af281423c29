using System.Globalization;
using Planner.CostModel.Inputs;

namespace Planner.Reports;

/// <summary>
/// How reports write numbers for people (the PDF), in a report's culture (invariant when none is given: the same
/// digits and separators as English); machine-readable outputs use round-trip numbers instead. Money keeps the
/// scenario's currency whatever the culture.
/// </summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Money(double value, string currency, CultureInfo? culture = null)
    {
        var rounded = Math.Round(value);
        var sign = rounded < 0 ? "-" : "";
        return sign + Currencies.Symbol(currency) + Math.Abs(rounded).ToString("N0", culture ?? Invariant);
    }

    /// <summary>A small money amount with cents, e.g. a levelized cost per 1M tokens: "$0.61".</summary>
    public static string Price(double value, string currency, CultureInfo? culture = null)
    {
        var sign = value < 0 ? "-" : "";
        return sign + Currencies.Symbol(currency) + Math.Abs(value).ToString(Math.Abs(value) >= 100 ? "N0" : "N3", culture ?? Invariant);
    }

    /// <summary>"12.5%" (no space, so it never wraps from its number).</summary>
    public static string Percent(double fraction, CultureInfo? culture = null) => (fraction * 100).ToString("N1", culture ?? Invariant) + "%";

    /// <summary>A plain quantity: thousands separators from 1,000, else up to four significant digits.</summary>
    public static string Number(double value, CultureInfo? culture = null) =>
        Math.Abs(value) >= 1000 ? value.ToString("N0", culture ?? Invariant) : value.ToString("G4", culture ?? Invariant);
}
