using System.Globalization;
using Planner.CostModel.Inputs;
using Planner.Reports.Localization;
using Planner.CostModel.Text;

namespace Planner.Web.Services;

/// <summary>
/// How a person types a field of the input table: rates (units "fraction", "per year", "per month", "of capex per
/// year": <see cref="Display.IsPercentUnit"/>, the one rule) are typed and shown as percentages (10 % is stored as 0.1);
/// every other field as stored. The unit shown beside the field and the allowed range under a field with a problem are
/// written in the same typed units.
/// </summary>
public static class InputEntry
{
    private const double PercentScale = 100;

    public static bool IsPercent(InputField field) => Display.IsPercentUnit(field.Unit);

    /// <summary>The unit beside the field, in the interface language: "% per year", "%", "USD/kWh", "tokens".</summary>
    public static string Unit(InputField field, string currency) => IsPercent(field)
        ? (field.Unit == "fraction" ? "%" : "% " + CostModelText.Unit(field.Unit))
        : CostModelText.Unit(field.Unit).Replace("¤", currency, StringComparison.Ordinal);

    /// <summary>The stored value as typed: 0.07 → 7 for a rate (rounded to 12 significant digits, so 0.07 is not 7.000000000000001).</summary>
    public static double ToTyped(InputField field, double stored) =>
        IsPercent(field) && double.IsFinite(stored) ? RoundSignificant(stored * PercentScale) : stored;

    /// <summary>The typed value as stored: 7 → 0.07 for a rate.</summary>
    public static double FromTyped(InputField field, double typed) =>
        IsPercent(field) && double.IsFinite(typed) ? RoundSignificant(typed / PercentScale) : typed;

    /// <summary>"must be >= -50 % and <= 100 %": the field's allowed range in typed units, as a phrase of the one table.</summary>
    public static Phrase Allowed(InputField field)
    {
        var range = field.Range;
        var parts = new List<string>(2);
        if (!double.IsNegativeInfinity(range.Min))
        {
            parts.Add((range.MinInclusive ? ">= " : "> ") + Typed(field, range.Min));
        }
        if (!double.IsPositiveInfinity(range.Max))
        {
            parts.Add((range.MaxInclusive ? "<= " : "< ") + Typed(field, range.Max));
        }
        return ProblemPhrases.Bounds(parts);
    }

    /// <summary>
    /// The text under a field with a problem: the CLI's line, which names the field by its JSON path and states the
    /// allowed range. A rate outside its range is described in the percent the person typed instead ("Discount rate
    /// must be >= -50 % and <= 100 % (got 1000 %)"), since the CLI's line is in stored fractions.
    /// </summary>
    public static string Problem(ScenarioInput input, double stored, string problem)
    {
        ArgumentNullException.ThrowIfNull(input);
        var field = input.Field;
        return !IsPercent(field) || double.IsNaN(stored) || field.Range.Contains(stored)
            ? problem
            : $"{CostModelText.Label(input)} {CostModelText.Phrase(ProblemPhrases.OutOfRange(Allowed(field), Typed(field, stored)))}";
    }

    private static string Typed(InputField field, double stored) =>
        ToTyped(field, stored).ToString("G12", CultureInfo.InvariantCulture) + (IsPercent(field) ? " %" : "");

    /// <summary><paramref name="value"/> to 12 significant digits (what is shown in a field: no floating-point tail).</summary>
    internal static double RoundSignificant(double value) =>
        value == 0 ? 0 : double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
