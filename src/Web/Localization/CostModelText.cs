using System.Globalization;
using System.Resources;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Localization;

/// <summary>
/// The cost model's words in the interface language: input fields' labels and units, option kinds' and value models'
/// names. English comes from the cost model's own tables (InputFields, ADR 002; OptionKinds; ValueModels), which stay
/// free of the web; the other languages from Resources/Localization/CostModelText.&lt;culture&gt;.resx, keyed
/// "label:" + <see cref="LabelKey(ScenarioInput)"/>, "unit:" + the English unit, "kind:", "kindAdd:", "kindCatalog:"
/// + the kind's JSON name, "valueModel:" + the model's JSON name, "origin:" + an origin kind and "metric:" + a result metric's name. A test requires a Chinese text for every one.
/// </summary>
public static class CostModelText
{
    private static readonly ResourceManager Resources = new("Planner.Web.Resources.Localization.CostModelText", typeof(CostModelText).Assembly);

    /// <summary>Each option kind's fields by instance, keyed "{kind}.{name}" (a field shared by kinds is keyed by the first).</summary>
    private static readonly Dictionary<InputField, string> OptionFieldKeys = BuildOptionFieldKeys();

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
    public static string LabelKey(ScenarioInput input) =>
        input.OptionId is null ? input.Key : OptionFieldKeys.GetValueOrDefault(input.Field) ?? input.Field.Name;

    public static string Label(ScenarioInput input) => Translated("label:" + LabelKey(input)) ?? input.Field.Label;

    /// <summary>
    /// The label of an evaluation's input (keyed as <see cref="ScenarioInput.Key"/>; <paramref name="optionKind"/> is the
    /// JSON kind of the option whose id starts the key, or null for a scenario-wide input).
    /// </summary>
    public static string Label(string key, string english, string? optionKind)
    {
        var labelKey = key;
        if (optionKind is not null && OptionKinds.FindByJsonName(optionKind) is { } kind)
        {
            var name = key[(key.IndexOf('.', StringComparison.Ordinal) + 1)..];
            labelKey = kind.Fields.FirstOrDefault(f => f.Name == name) is { } field && OptionFieldKeys.TryGetValue(field, out var k) ? k : kind.JsonName + "." + name;
        }
        return Translated("label:" + labelKey) ?? english;
    }

    /// <summary>A result metric's name (ResultMetrics); its help sentence stays the table's.</summary>
    public static string MetricLabel(ResultMetric metric) => Translated("metric:" + metric.Name) ?? metric.Label;

    /// <summary>Where a value came from ("catalog", "benchmark", …), as the inputs table's chip says it.</summary>
    public static string OriginLabel(OriginKind kind) =>
        Translated("origin:" + kind.ToString().ToLowerInvariant()) ?? kind.ToString().ToLowerInvariant();

    /// <summary>A unit as the table writes it ("per year", "¤/kWh"), in the interface language; "¤" stays for the currency.</summary>
    public static string Unit(string unit) => Translated("unit:" + unit) ?? unit;

    public static string KindLabel(OptionKindDescriptor kind) => Translated("kind:" + kind.JsonName) ?? kind.Label;

    /// <summary>The "Add option" menu's entry for the kind.</summary>
    public static string AddKindLabel(OptionKindDescriptor kind) => Translated("kindAdd:" + kind.JsonName) ?? kind.AddLabel;

    /// <summary>The label of the kind's catalog picker.</summary>
    public static string CatalogLabel(OptionKindDescriptor kind) => Translated("kindCatalog:" + kind.JsonName) ?? kind.CatalogLabel;

    public static string ValueModelLabel(ValueModel model) => Translated("valueModel:" + model.JsonName) ?? model.Label;

    /// <summary>Every key of the names other than fields' labels and units (kinds and value models).</summary>
    public static IEnumerable<string> NameKeys() =>
        OptionKinds.All.SelectMany(k => new[] { "kind:" + k.JsonName, "kindAdd:" + k.JsonName, "kindCatalog:" + k.JsonName })
            .Concat(ValueModels.All.Select(m => "valueModel:" + m.JsonName))
            .Concat(Enum.GetValues<OriginKind>().Select(o => "origin:" + o.ToString().ToLowerInvariant()))
            .Concat(ResultMetrics.All.Select(m => "metric:" + m.Name));

    /// <summary>The translation in the current UI culture, or null in English (the table's own words) or when none is written.</summary>
    internal static string? Translated(string key, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (culture.TwoLetterISOLanguageName == "en" || culture.Equals(CultureInfo.InvariantCulture))
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
}
