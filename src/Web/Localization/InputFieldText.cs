using System.Globalization;
using System.Resources;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Localization;

/// <summary>
/// An input field's label and unit in the interface language. English comes from the one table of input fields in the
/// cost model (InputFields, ADR 002), which stays free of the web; the other languages from
/// Resources/Localization/InputFieldText.&lt;culture&gt;.resx, keyed by <see cref="LabelKey(ScenarioInput)"/> ("label:…")
/// and by the English unit ("unit:…"). A test requires a Chinese label for every field and unit.
/// </summary>
public static class InputFieldText
{
    private static readonly ResourceManager Resources = new("Planner.Web.Resources.Localization.InputFieldText", typeof(InputFieldText).Assembly);

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

    /// <summary>A unit as the table writes it ("per year", "¤/kWh"), in the interface language; "¤" stays for the currency.</summary>
    public static string Unit(string unit) => Translated("unit:" + unit) ?? unit;

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
