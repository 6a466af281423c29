using System.Globalization;
using System.Reflection;
using System.Resources;
using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;

namespace Planner.Reports.Localization;

/// <summary>
/// The one table of the cost model's words in other languages, read by the web interface and the PDF report alike
/// (docs/decisions/033-one-table-of-cost-model-words.md). English is the cost model's own text: its tables (input
/// fields, ADR 002; option kinds; value models; result metrics) and its phrases (<see cref="PhraseTemplate"/>: problems,
/// notes, sizings), which stay free of every host. The other languages come from Resources/CostModelText.&lt;culture&gt;.resx,
/// keyed "label:" + <see cref="LabelKey(ScenarioInput)"/>, "unit:" + the English unit, "kind:", "kindAdd:",
/// "kindCatalog:" + the kind's JSON name, "valueModel:" + the model's JSON name, "origin:" + an origin kind,
/// "metric:" + a result metric's name, "bound:" + a projection's bound and "phrase:" + a phrase's code. A test
/// requires a translation for every one, with the same placeholders, and no left-over key.
/// </summary>
public static class CostModelText
{
    private static readonly ResourceManager Resources = new("Planner.Reports.Resources.CostModelText", typeof(CostModelText).Assembly);

    /// <summary>What a projection's pass is bound by (<see cref="CostModel.Projection.PassTime.Bound"/>): "compute" or "memory".</summary>
    public static IReadOnlyList<string> Bounds { get; } = ["compute", "memory"];

    /// <summary>Each option kind's fields by instance, keyed "{kind}.{name}" (a field shared by kinds is keyed by the first).</summary>
    private static readonly Dictionary<InputField, string> OptionFieldKeys = BuildOptionFieldKeys();

    /// <summary>Phrases without placeholders by their English, for texts the evaluation carries as English strings (notes, sizings, days).</summary>
    private static readonly Dictionary<string, PhraseTemplate> FixedPhrases = PhraseTemplates()
        .Where(t => !t.English.Contains('{', StringComparison.Ordinal))
        .GroupBy(t => t.English, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static Dictionary<InputField, string> BuildOptionFieldKeys()
    {
        var keys = new Dictionary<InputField, string>(ReferenceEqualityComparer.Instance);
        foreach (var kind in OptionKinds.All)
        {
            foreach (var field in kind.Fields)
            {
                keys.TryAdd(field, kind.JsonName + "." + field.Name);
            }
        }
        return keys;
    }

    /// <summary>
    /// Every phrase the cost model words: the <see cref="PhraseTemplate"/> fields of its types, and the lists of them
    /// (<see cref="IrrNotes.Phrases"/> and the like). Found by reflection, so a new phrase needs no registration here;
    /// the translation test then asks for its entry.
    /// </summary>
    public static IReadOnlyList<PhraseTemplate> PhraseTemplates() => PhraseTemplates([typeof(InputProblem).Assembly]);

    /// <summary>
    /// As <see cref="PhraseTemplates()"/>, in <paramref name="assemblies"/>: the libraries that word problems beside the
    /// cost model (the store's resolvers and catalogs) declare their templates the same way, and the same table holds them.
    /// </summary>
    public static IReadOnlyList<PhraseTemplate> PhraseTemplates(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        const BindingFlags Statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var templates = new List<PhraseTemplate>();
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()).Where(t => !t.ContainsGenericParameters))
        {
            foreach (var field in type.GetFields(Statics))
            {
                if (field.FieldType == typeof(PhraseTemplate) && field.GetValue(null) is PhraseTemplate one)
                {
                    templates.Add(one);
                }
                else if (typeof(IEnumerable<PhraseTemplate>).IsAssignableFrom(field.FieldType) && field.GetValue(null) is IEnumerable<PhraseTemplate> many)
                {
                    templates.AddRange(many);
                }
            }
        }
        return templates;
    }

    /// <summary>
    /// Every label key: the scenario's fields by name, "workload.…", "benefits.…", "benefits.{model}.…" and "{kind}.…"
    /// for option kinds' fields, with the field each stands for.
    /// </summary>
    public static IEnumerable<(string Key, InputField Field)> AllLabelKeys()
    {
        foreach (var field in InputFields.Scenario)
        {
            yield return (field.Name, field);
        }
        foreach (var field in InputFields.Workload)
        {
            yield return ("workload." + field.Name, field);
        }
        foreach (var field in InputFields.Benefits)
        {
            yield return ("benefits." + field.Name, field);
        }
        foreach (var model in ValueModels.All)
        {
            foreach (var field in model.Fields)
            {
                yield return ($"benefits.{model.JsonName}.{field.Name}", field);
            }
        }
        foreach (var (field, key) in OptionFieldKeys)
        {
            yield return (key, field);
        }
    }

    /// <summary>The key of an input's label: its scenario key, or "{kind}.{name}" for an option's field (option ids are the user's).</summary>
    public static string LabelKey(ScenarioInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.OptionId is null ? input.Key : OptionFieldKeys.GetValueOrDefault(input.Field) ?? input.Field.Name;
    }

    public static string Label(ScenarioInput input, CultureInfo? culture = null) => Translated("label:" + LabelKey(input), culture) ?? input.Field.Label;

    /// <summary>
    /// The label of an evaluation's input (keyed as <see cref="ScenarioInput.Key"/>; <paramref name="optionKind"/> is the
    /// JSON kind of the option whose id starts the key, or null for a scenario-wide input).
    /// </summary>
    public static string Label(string key, string english, string? optionKind, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var labelKey = key;
        if (optionKind is not null && OptionKinds.FindByJsonName(optionKind) is { } kind)
        {
            var name = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
            labelKey = kind.Fields.FirstOrDefault(f => f.Name == name) is { } field && OptionFieldKeys.TryGetValue(field, out var k) ? k : kind.JsonName + "." + name;
        }
        return Translated("label:" + labelKey, culture) ?? english;
    }

    /// <summary>A result metric's name (ResultMetrics).</summary>
    public static string MetricLabel(ResultMetric metric, CultureInfo? culture = null) => Translated("metric:" + metric.Name, culture) ?? metric.Label;

    /// <summary>A result metric's help sentence (its tooltip), keyed "metricHelp:" + its name.</summary>
    public static string MetricHelp(ResultMetric metric, CultureInfo? culture = null) => Translated("metricHelp:" + metric.Name, culture) ?? metric.Help;

    /// <summary>An input's help sentence (its tooltip), keyed "help:" + <see cref="LabelKey(ScenarioInput)"/>.</summary>
    public static string Help(ScenarioInput input, CultureInfo? culture = null) => Translated("help:" + LabelKey(input), culture) ?? input.Field.Help;

    /// <summary>Every help key: "help:" + each label key, "metricHelp:" + each result metric's name.</summary>
    public static IEnumerable<string> HelpKeys() =>
        AllLabelKeys().Select(k => "help:" + k.Key).Concat(ResultMetrics.All.Select(m => "metricHelp:" + m.Name));

    /// <summary>Where a value came from ("catalog", "benchmark", …), as the inputs table's chip says it.</summary>
    public static string OriginLabel(OriginKind kind, CultureInfo? culture = null) =>
        Translated("origin:" + kind.ToString().ToLowerInvariant(), culture) ?? kind.ToString().ToLowerInvariant();

    /// <summary>A unit as the table writes it ("per year", "¤/kWh"), in the language; "¤" stays for the currency.</summary>
    public static string Unit(string unit, CultureInfo? culture = null) => Translated("unit:" + unit, culture) ?? unit;

    public static string KindLabel(OptionKindDescriptor kind, CultureInfo? culture = null) => Translated("kind:" + kind.JsonName, culture) ?? kind.Label;

    /// <summary>The "Add option" menu's entry for the kind.</summary>
    public static string AddKindLabel(OptionKindDescriptor kind, CultureInfo? culture = null) => Translated("kindAdd:" + kind.JsonName, culture) ?? kind.AddLabel;

    /// <summary>The label of the kind's catalog picker.</summary>
    public static string CatalogLabel(OptionKindDescriptor kind, CultureInfo? culture = null) => Translated("kindCatalog:" + kind.JsonName, culture) ?? kind.CatalogLabel;

    public static string ValueModelLabel(ValueModel model, CultureInfo? culture = null) => Translated("valueModel:" + model.JsonName, culture) ?? model.Label;

    /// <summary>The label of an option kind's link to another option ("Overflow to"), keyed "link:{kind}.{name}".</summary>
    public static string LinkLabel(OptionKindDescriptor kind, OptionLinkField link, CultureInfo? culture = null) =>
        Translated($"link:{kind.JsonName}.{link.Name}", culture) ?? link.Label;

    /// <summary>The help under an option kind's link, keyed "linkHelp:{kind}.{name}".</summary>
    public static string LinkHelp(OptionKindDescriptor kind, OptionLinkField link, CultureInfo? culture = null) =>
        Translated($"linkHelp:{kind.JsonName}.{link.Name}", culture) ?? link.Help;

    /// <summary>What a projection's pass is bound by ("compute", "memory") in the language.</summary>
    public static string Bound(string bound, CultureInfo? culture = null) => Translated("bound:" + bound, culture) ?? bound;

    /// <summary>A phrase in the language: each template (its own and its arguments') by its translation, or its English where it has none.</summary>
    public static string Phrase(Phrase phrase, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        culture ??= CultureInfo.CurrentUICulture;
        return IsEnglish(culture) ? phrase.ToString() : phrase.Render(t => Translated("phrase:" + t.Code, culture) ?? t.English);
    }

    /// <summary>
    /// A problem's line in the language: "{path} {text}" from its phrase when the cost model worded it through one, else
    /// its message as written (English).
    /// </summary>
    public static string Problem(InputProblem problem, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Text is not { } text)
        {
            return problem.Message;
        }
        var rest = Phrase(text, culture);
        return problem.Path.Length == 0 || problem.WholeLine ? rest
            : problem.AfterColon ? $"{problem.Path}{(IsEnglish(culture ?? CultureInfo.CurrentUICulture) ? ": " : "：")}{rest}"
            : $"{problem.Path} {rest}";
    }

    /// <summary>
    /// A fixed text the evaluation carries as English (an IRR or break-even note, a sizing, a day, a default origin's
    /// source) in the language: the phrase whose English it is, translated; any other text as it is.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(english))]
    public static string? Note(string? english, CultureInfo? culture = null) =>
        english is null ? null : FixedPhrases.TryGetValue(english, out var template) ? Translated("phrase:" + template.Code, culture) ?? english : english;

    /// <summary>A comparison's IRR as <see cref="IrrNotes.Shown(Comparison)"/> writes it ("none", "over 1,000%" and "several" translated).</summary>
    public static string IrrShown(Comparison comparison, CultureInfo? culture = null) => Note(IrrNotes.Shown(comparison), culture);

    /// <summary>
    /// A comparison's IRR note in the language: with several proved rates the one wording of <see cref="IrrNotes.SeveralRates"/>
    /// rebuilt from <see cref="Comparison.IrrRatesAnnual"/>; with the number of rates not settled, <see cref="IrrNotes.MultipleRates"/>
    /// rebuilt from <see cref="Comparison.IrrSignChanges"/>; otherwise the fixed note translated (<see cref="Note"/>).
    /// </summary>
    public static string? IrrNote(Comparison comparison, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return comparison switch
        {
            { IrrRatesAnnual: { Count: > 1 } rates } => Phrase(IrrNotes.SeveralRates(rates), culture),
            { IrrSignChanges: { } signChanges } => Phrase(IrrNotes.MultipleRates(signChanges), culture),
            _ => Note(comparison.IrrNote, culture),
        };
    }

    /// <summary>Every key of the names other than fields' labels and units (kinds, value models, origins, metrics, bounds, option links).</summary>
    public static IEnumerable<string> NameKeys() =>
        OptionKinds.All.SelectMany(k => new[] { "kind:" + k.JsonName, "kindAdd:" + k.JsonName, "kindCatalog:" + k.JsonName })
            .Concat(ValueModels.All.Select(m => "valueModel:" + m.JsonName))
            .Concat(Enum.GetValues<OriginKind>().Select(o => "origin:" + o.ToString().ToLowerInvariant()))
            .Concat(ResultMetrics.All.Select(m => "metric:" + m.Name))
            .Concat(Bounds.Select(b => "bound:" + b))
            .Concat(OptionKinds.All.SelectMany(k => k.OptionLinks.SelectMany(l => new[] { $"link:{k.JsonName}.{l.Name}", $"linkHelp:{k.JsonName}.{l.Name}" })));

    /// <summary>The translation in <paramref name="culture"/> (the current UI culture when null), or null in English (the table's own words) or when none is written.</summary>
    public static string? Translated(string key, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (IsEnglish(culture))
        {
            return null;
        }
        try
        {
            return Resources.GetString(key, culture) is { Length: > 0 } text ? text : null;
        }
        catch (MissingManifestResourceException)
        {
            return null;
        }
    }

    private static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" || culture.Equals(CultureInfo.InvariantCulture);
}
