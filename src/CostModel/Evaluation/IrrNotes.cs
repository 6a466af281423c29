using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Evaluation;

/// <summary>
/// The one home of how an IRR is reported (docs/methodology.md, "irrAnnual"): the monthly guess the search starts
/// from, when a comparison carries a note, its wording, and how the rate itself is written (<see cref="Shown"/>). The cost engine writes these notes, and the workbook
/// rebuilds them with spreadsheet formulas from the same rule and text.
/// </summary>
public static class IrrNotes
{
    /// <summary>The monthly rate the IRR search starts from (the multiple-rates note names it).</summary>
    public const double MonthlyGuess = 0.01;

    /// <summary>A savings value within this of zero counts as neither positive nor negative.</summary>
    public const double ZeroTolerance = 1e-9;

    /// <summary>Above this annual IRR (1,000%) the rate says little and carries <see cref="HugeRate"/>.</summary>
    public const double HugeAnnualRate = 10;

    public const string NeverPositive = "no IRR: the savings are never positive (the option never costs less than the baseline in any month)";

    public const string NeverNegative = "no IRR: the savings are never negative (the option never costs more than the baseline in any month)";

    /// <summary>The savings change sign, but their present value is below zero at every rate (<see cref="Finance.FinancialFunctions.ProvedNoIrr"/>).</summary>
    public const string NoRateBelowZero = "no IRR: the savings change sign, but their present value is below zero at every rate (Descartes' rule of signs), so no rate makes it zero";

    /// <summary>The savings change sign, but their present value is above zero at every rate (<see cref="Finance.FinancialFunctions.ProvedNoIrr"/>).</summary>
    public const string NoRateAboveZero = "no IRR: the savings change sign, but their present value is above zero at every rate (Descartes' rule of signs), so no rate makes it zero";

    public const string HugeRate = "IRR above 1,000% a year: the option costs only a little more than the baseline before its savings start, "
        + "so the rate says little; judge it by the NPV savings and the payback month";

    /// <summary>
    /// The one wording of savings that change sign {0} (more than one) times when how many rates exist was not settled: the
    /// rate shown is the one Newton's method reaches. Hosts rebuild it in the reader's language from
    /// <see cref="Comparison.IrrSignChanges"/> (<see cref="MultipleRates"/>).
    /// </summary>
    public static readonly PhraseTemplate MultipleRatesTemplate = new("irr.multipleRates",
        "the savings change sign {0} times and how many rates exist could not be settled; this is the one Newton's method reaches from 1% a month");

    /// <summary>
    /// The savings change sign, no rate was found, and none was proved not to exist (<see cref="Finance.FinancialFunctions.IrrRates"/>
    /// could not settle every part, and the search found no sign change): "could not be found", never "none exists".
    /// </summary>
    public const string NotFound = "no IRR found: the savings change sign, but no rate making their present value zero was found, and its absence could not be proved";

    /// <summary>
    /// The one wording of savings with several proved rates ({0}: the annual rates, each as <see cref="Shown(double?)"/>
    /// writes it, listed by <see cref="RateListTemplate"/>): the IRR is then not a measure of the option.
    /// </summary>
    public static readonly PhraseTemplate SeveralRatesTemplate = new("irr.severalRates", "several rates ({0} a year): the IRR is not meaningful; judge the option by its NPV savings");

    /// <summary>The rates in <see cref="SeveralRatesTemplate"/>: {0} all but the last (joined by ", "), {1} the last.</summary>
    public static readonly PhraseTemplate RateListTemplate = new("irr.rateList", "{0} and {1}");

    /// <summary>How a comparison with several proved rates shows its IRR (its note names them).</summary>
    public const string SeveralShown = "several";

    /// <summary>How a comparison without an IRR shows it (its note says why).</summary>
    public const string NoneShown = "none";

    /// <summary>How an IRR above <see cref="HugeAnnualRate"/> shows it: the number itself means nothing (see <see cref="HugeRate"/>).</summary>
    public const string HugeShown = "over 1,000%";

    /// <summary>The fixed notes and shown values above as phrases, for hosts that write them in the reader's language.</summary>
    public static readonly IReadOnlyList<PhraseTemplate> Phrases =
    [
        new("irr.neverPositive", NeverPositive),
        new("irr.neverNegative", NeverNegative),
        new("irr.hugeRate", HugeRate),
        new("irr.noRateBelowZero", NoRateBelowZero),
        new("irr.noRateAboveZero", NoRateAboveZero),
        new("irr.none", NoneShown),
        new("irr.huge", HugeShown),
        new("irr.several", SeveralShown),
        new("irr.notFound", NotFound),
    ];

    /// <summary>
    /// The one way an annual IRR is written, in the editor, the compare page, the PDF and the CLI's table:
    /// <see cref="NoneShown"/> when there is none, <see cref="HugeShown"/> above 1,000% a year, otherwise the percentage
    /// with one decimal ("18.4%"). The comparison's note, when it has one, is shown beside it in full.
    /// </summary>
    public static string Shown(double? irrAnnual) => irrAnnual switch
    {
        null => NoneShown,
        > HugeAnnualRate => HugeShown,
        { } irr => (irr * 100).ToString("N1", CultureInfo.InvariantCulture) + "%",
    };

    /// <summary>
    /// The one way a comparison's IRR is written: <see cref="SeveralShown"/> when several rates were proved
    /// (<see cref="Comparison.IrrRatesAnnual"/>), otherwise as <see cref="Shown(double?)"/>.
    /// </summary>
    public static string Shown(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison.IrrRatesAnnual is { Count: > 1 } ? SeveralShown : Shown(comparison.IrrAnnual);
    }

    /// <summary>The note for several proved annual rates (<see cref="SeveralRatesTemplate"/>), e.g. "several rates (10.0% and 20.0% a year): ...".</summary>
    public static Phrase SeveralRates(IReadOnlyList<double> ratesAnnual)
    {
        ArgumentNullException.ThrowIfNull(ratesAnnual);
        var shown = ratesAnnual.Select(r => Shown(r)).ToList();
        return SeveralRatesTemplate.With(RateListTemplate.With(string.Join(", ", shown.Take(shown.Count - 1)), shown[^1]));
    }

    /// <summary>The note for savings that change sign <paramref name="signChanges"/> (more than one) times when how many rates exist was not settled (<see cref="MultipleRatesTemplate"/>).</summary>
    public static Phrase MultipleRates(int signChanges) => MultipleRatesTemplate.With(signChanges.ToString(CultureInfo.InvariantCulture));
}
