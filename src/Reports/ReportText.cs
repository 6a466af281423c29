using System.Globalization;
using System.Resources;
using Planner.CostModel.Evaluation;

namespace Planner.Reports;

/// <summary>
/// The words of a PDF report in one language: every heading, column header, label, sentence, chart title and footer
/// comes from Resources/ReportText.resx (English) or its translation (ReportText.zh-CN.resx), and every number and
/// date is formatted with the language's culture. Scenario content (names, notes) is printed as the user wrote it.
/// </summary>
internal sealed class ReportText
{
    private static readonly ResourceManager Resources = new("Planner.Reports.Resources.ReportText", typeof(ReportText).Assembly);

    public static readonly ReportText English = new(ReportLanguage.English);

    private ReportText(ReportLanguage language)
    {
        Language = language;
        // English formats numbers and dates as the invariant culture does (the same digits and separators as "en"
        // everywhere), which keeps English reports identical on every machine.
        Culture = language == ReportLanguage.English ? CultureInfo.InvariantCulture : ReportLanguages.Culture(language);
    }

    public static ReportText For(ReportLanguage language) => language == ReportLanguage.English ? English : new ReportText(language);

    public ReportLanguage Language { get; }

    /// <summary>The culture that picks the resources and formats numbers and dates.</summary>
    public CultureInfo Culture { get; }

    /// <summary>The text for <paramref name="key"/>; a key missing from the English resources is a bug, so it throws.</summary>
    public string this[string key] => Resources.GetString(key, Culture)
        ?? throw new InvalidOperationException($"Resources/ReportText.resx has no text named '{key}'");

    /// <summary>The composite format named <paramref name="key"/> filled with <paramref name="args"/>, formatted with the report culture.</summary>
    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>A payback month ("month 5") or "never".</summary>
    public string Month(int? month) => month is { } m ? Format("Cell.PaybackMonth", m) : this["Cell.PaybackNever"];

    /// <summary>A cost category's name (<see cref="CostCategory.Name"/> is its English name and resource key).</summary>
    public string Category(CostCategory category) => this["Category." + category.Name];

    /// <summary>
    /// A fixed English text that the cost model writes into an evaluation (an input's label or unit, an IRR note, a
    /// sizing, a day of the profile, an origin's source) in the report's language: its translation is the resource named
    /// "Term." and the English text. A text without one, and every text in English, is printed as the cost model wrote it.
    /// </summary>
    public string Term(string? english) => english is null or ""
        ? english ?? ""
        : Language == ReportLanguage.English ? english : Resources.GetString("Term." + english, Culture) ?? english;

    /// <summary>
    /// An input's label as the sensitivity analysis writes it: the field's label, or "Option name: field label" for an
    /// option's input, whose field label is translated.
    /// </summary>
    public string Label(string label)
    {
        if (Language == ReportLanguage.English || Resources.GetString("Term." + label, Culture) is not null)
        {
            return Term(label);
        }
        var colon = label.LastIndexOf(": ", StringComparison.Ordinal);
        return colon > 0 ? Format("Cell.OptionInput", label[..colon], Term(label[(colon + 2)..])) : label;
    }

    /// <summary>Whether <paramref name="english"/> has a translation in this language (English has every text).</summary>
    public bool HasTerm(string english) => Language == ReportLanguage.English || Resources.GetString("Term." + english, Culture) is not null;

    /// <summary>An annual IRR as <see cref="IrrNotes.Shown"/> writes it (its "none" and "over 1,000%" translated).</summary>
    public string Irr(double? irrAnnual) => Term(IrrNotes.Shown(irrAnnual));

    /// <summary>
    /// A unit as the evaluation writes it (the field's unit with "¤" replaced by <paramref name="currency"/>), translated
    /// through the field's own unit: "USD per GPU-hour" is translated as "¤ per GPU-hour" is.
    /// </summary>
    public string Unit(string unit, string currency)
    {
        if (Language == ReportLanguage.English || string.IsNullOrEmpty(unit))
        {
            return unit;
        }
        var template = string.IsNullOrEmpty(currency) ? unit : unit.Replace(currency, "¤", StringComparison.Ordinal);
        return Resources.GetString("Term." + template, Culture) is { } translated
            ? translated.Replace("¤", currency, StringComparison.Ordinal)
            : unit;
    }

    // Formatting with the report culture: the shapes are those of ReportFormat.
    public string Money(double value, string currency) => ReportFormat.Money(value, currency, Culture);

    public string Price(double value, string currency) => ReportFormat.Price(value, currency, Culture);

    public string Percent(double fraction) => ReportFormat.Percent(fraction, Culture);

    public string Number(double value) => ReportFormat.Number(value, Culture);
}
