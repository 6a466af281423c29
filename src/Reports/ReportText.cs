using System.Globalization;
using System.Resources;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;
using Planner.Reports.Localization;

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
    /// A fixed English text that the cost model writes into an evaluation (an IRR or break-even note, a sizing, a day of
    /// the profile, a default origin's source) in the report's language, from the one table of the cost model's words
    /// (<see cref="CostModelText.Note"/>). A text the table does not know, and every text in English, is printed as written.
    /// </summary>
    public string Term(string? english) => (Language == ReportLanguage.English ? english : CostModelText.Note(english, Culture)) ?? "";

    /// <summary>A sentence the cost model worded as a phrase (a latency check), in the report's language.</summary>
    public string Phrase(Phrase phrase) => CostModelText.Phrase(phrase, Culture);

    /// <summary>What a projection's pass is bound by ("compute", "memory") in the report's language.</summary>
    public string Bound(string bound) => Language == ReportLanguage.English ? bound : CostModelText.Bound(bound, Culture);

    /// <summary>
    /// An input's label as the evaluation or simulation writes it (<paramref name="english"/>: the field's label, or
    /// "Option name: field label" for an option's input, keyed <paramref name="key"/> as the scenario names it) in the
    /// report's language; the field's label comes from the one table of the cost model's words.
    /// </summary>
    public string Label(ScenarioEvaluation evaluation, string key, string english)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return Label(key, english, id => evaluation.Options.FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.Ordinal))?.Kind);
    }

    /// <summary>The same for a simulation's input, whose options are the scenario's.</summary>
    public string Label(Scenario scenario, string key, string english)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Label(key, english, id => scenario.FindOption(id)?.Kind.JsonName());
    }

    private string Label(string key, string english, Func<string, string?> kindOfOption)
    {
        if (Language == ReportLanguage.English)
        {
            return english;
        }
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if ((dot < 0 ? null : kindOfOption(key[..dot])) is not { } kind)
        {
            return CostModelText.Label(key, english, null, Culture);
        }
        var colon = english.LastIndexOf(": ", StringComparison.Ordinal);
        var field = CostModelText.Label(key, colon < 0 ? english : english[(colon + 2)..], kind, Culture);
        return colon < 0 ? field : Format("Cell.OptionInput", english[..colon], field);
    }

    /// <summary>An option kind (its JSON name) as the report's language names it.</summary>
    public string Kind(string jsonName) =>
        Language == ReportLanguage.English || OptionKinds.FindByJsonName(jsonName) is not { } kind ? jsonName : CostModelText.KindLabel(kind, Culture);

    /// <summary>A comparison's IRR as <see cref="IrrNotes.Shown(Comparison)"/> writes it, in the report's language.</summary>
    public string Irr(Comparison comparison) => CostModelText.IrrShown(comparison, Culture);

    /// <summary>A comparison's IRR note in the report's language (<see cref="CostModelText.IrrNote"/>).</summary>
    public string IrrNote(Comparison comparison) => CostModelText.IrrNote(comparison, Culture) ?? "";

    /// <summary>
    /// A unit as the evaluation writes it (the field's unit with "¤" replaced by <paramref name="currency"/>), translated
    /// through the field's own unit: "USD/GPU-hour" is translated as "¤/GPU-hour" is.
    /// </summary>
    public string Unit(string unit, string currency)
    {
        if (Language == ReportLanguage.English || string.IsNullOrEmpty(unit))
        {
            return unit;
        }
        var template = string.IsNullOrEmpty(currency) ? unit : unit.Replace(currency, "¤", StringComparison.Ordinal);
        return CostModelText.Translated("unit:" + template, Culture) is { } translated
            ? translated.Replace("¤", currency, StringComparison.Ordinal)
            : unit;
    }

    // Formatting with the report culture: the shapes are those of ReportFormat.
    public string Money(double value, string currency) => ReportFormat.Money(value, currency, Culture);

    public string Price(double value, string currency) => ReportFormat.Price(value, currency, Culture);

    public string Percent(double fraction) => ReportFormat.Percent(fraction, Culture);

    public string Number(double value) => ReportFormat.Number(value, Culture);
}
