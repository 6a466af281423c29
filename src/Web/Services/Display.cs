using System.Globalization;
using Planner.CostModel.Inputs;
using Planner.Reports.Localization;
using Planner.Web.Localization;

namespace Planner.Web.Services;

/// <summary>
/// How the app writes numbers: thousands separators and decimal marks of the current culture (the interface language),
/// the scenario's currency symbol or code whatever the language, percentages, months and times.
/// </summary>
public static class Display
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = ResourceText.For(typeof(Display));

    /// <summary>"$1,234,567" or "-€12,345.68" (with <paramref name="decimals"/>).</summary>
    public static string Money(double value, string currency, int decimals = 0)
    {
        if (!double.IsFinite(value))
        {
            return "—";
        }
        var text = Math.Abs(value).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);
        return (value < 0 && Math.Round(Math.Abs(value), decimals) > 0 ? "-" : "") + Currencies.Symbol(currency) + text;
    }

    public static string Money(double? value, string currency, int decimals = 0) => value is { } v ? Money(v, currency, decimals) : "—";

    /// <summary>Levelized cost per million tokens: two decimals.</summary>
    public static string PerMillionTokens(double? value, string currency) => value is { } v ? Money(v, currency, 2) : "—";

    public static string Number(double value, int decimals = 0) =>
        double.IsFinite(value) ? value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture) : "—";

    /// <summary>At most <paramref name="maxDecimals"/> decimals, trailing zeros dropped, with the culture's separators: "2,600", "1.0012".</summary>
    public static string NumberUpTo(double value, int maxDecimals) =>
        double.IsFinite(value) ? value.ToString("#,0." + new string('#', maxDecimals), Culture) : "—";

    public static string Percent(double? fraction, int decimals = 1) =>
        fraction is { } f && double.IsFinite(f) ? (f * 100).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture) + "%" : "—";

    /// <summary>"month 7", "from the start" (0) or "beyond the horizon" (in the interface language).</summary>
    public static string Month(int? month) => month switch
    {
        null => Text["BeyondHorizon"],
        0 => Text["FromStart"],
        { } m => Text["MonthN", m.ToString(CultureInfo.InvariantCulture)],
    };

    /// <summary>
    /// A moment in UTC in the interface language's pattern (resource DateTimePattern): "2026-12-02 13:05 UTC" in
    /// English (ISO dates, unambiguous for an international team), "2026年12月2日 13:05 UTC" in Chinese; with
    /// <paramref name="seconds"/> (the audit log), DateTimeSecondsPattern: "2026-12-02 13:05:09 UTC".
    /// </summary>
    public static string Timestamp(DateTimeOffset moment, bool seconds = false) => Timestamp(moment.UtcDateTime, seconds);

    public static string Timestamp(DateTime utc, bool seconds = false) =>
        utc.ToString(Text[seconds ? "DateTimeSecondsPattern" : "DateTimePattern"], Culture) + " UTC";

    /// <summary>
    /// The one rule for which units are rates, written and typed as percentages (10 % is stored as 0.1): dimensionless
    /// fractions and rates per period (see <see cref="InputEntry"/>).
    /// </summary>
    public static bool IsPercentUnit(string unit) => unit is "per year" or "per month" or "fraction" or "of capex per year";

    /// <summary>An input's value in its unit; units in the currency ("¤/kWh" or "USD/kWh") are written as money.</summary>
    public static string Input(double value, string unit, string currency)
    {
        // The unit is recognised as the table writes it and shown in the interface language.
        var shown = CostModelText.Unit(unit).Replace("¤", currency, StringComparison.Ordinal);
        unit = unit.Replace("¤", currency, StringComparison.Ordinal);
        if (unit == currency || unit.StartsWith(currency + "/", StringComparison.Ordinal))
        {
            return Money(value, currency, Math.Abs(value) < 100 ? 2 : 0) + shown[currency.Length..];
        }
        if (IsPercentUnit(unit))
        {
            return Percent(value) + (unit == "fraction" ? "" : " " + shown);
        }
        return Number(value, Math.Abs(value) < 100 && value != Math.Round(value) ? 2 : 0) + " " + shown;
    }
}

