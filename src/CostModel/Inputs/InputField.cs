using Planner.CostModel.Scenarios;

namespace Planner.CostModel.Inputs;

public enum Requirement
{
    Optional,
    Required,

    /// <summary>Required when the workload has input (prefill) tokens.</summary>
    RequiredWithInputTokens,

    /// <summary>Required when the workload has output (decode) tokens.</summary>
    RequiredWithOutputTokens,
}

/// <summary>
/// One numeric field of a scenario part (workload, an option kind, ...): its JSON name, label, unit, allowed
/// range and default. The one table of fields drives JSON reading and writing, validation, the sensitivity
/// analysis and the Monte Carlo simulation, so a field is described exactly once.
/// </summary>
public sealed class InputField
{
    private readonly Func<object, double> _get;
    private readonly Func<object, double, object> _set;
    private readonly Func<object, bool>? _isDefault;

    internal InputField(
        string name,
        string label,
        string unit,
        NumberRange range,
        Func<object, double> get,
        Func<object, double, object> set,
        Requirement requirement = Requirement.Optional,
        bool isInteger = false,
        ReferenceField? suppliedBy = null,
        bool inSensitivity = true,
        Func<object, bool>? isDefault = null,
        string? help = null,
        string? methodologyAnchor = null)
    {
        Name = name;
        Label = label;
        Unit = unit;
        Range = range;
        _get = get;
        _set = set;
        Requirement = requirement;
        IsInteger = isInteger;
        SuppliedBy = suppliedBy;
        InSensitivity = inSensitivity && !isInteger;
        _isDefault = isDefault;
        Help = help ?? "";
        MethodologyAnchor = methodologyAnchor ?? "";
    }

    /// <summary>The camelCase JSON property name.</summary>
    public string Name { get; }

    public string Label { get; }

    /// <summary>One sentence saying what the field means, shown as its help text (a test requires one for every field).</summary>
    public string Help { get; }

    /// <summary>The id of the docs/methodology.md heading whose formulas use this field (a test checks it exists).</summary>
    public string MethodologyAnchor { get; }

    /// <summary>Unit, with "¤" standing for the scenario currency (see <see cref="UnitIn"/>).</summary>
    public string Unit { get; }

    public NumberRange Range { get; }

    public Requirement Requirement { get; }

    public bool IsInteger { get; }

    /// <summary>The reference field (e.g. cloudOffer) that may supply this value instead of typing it.</summary>
    public ReferenceField? SuppliedBy { get; }

    /// <summary>Whether the tornado moves this input (integers such as GPUs per server are not moved).</summary>
    public bool InSensitivity { get; }

    public string UnitIn(string currency) => Unit.Replace("¤", currency, StringComparison.Ordinal);

    public double Get(object owner) => _get(owner);

    public object Set(object owner, double value) => _set(owner, IsInteger ? Math.Round(value) : value);

    /// <summary>
    /// Whether <paramref name="owner"/> leaves this field at its default (a writer omits it), for a field whose default
    /// follows another field (idle power defaults to full power); null when the default is a fixed value.
    /// </summary>
    public bool? IsDefaultIn(object owner) => _isDefault?.Invoke(owner);

    /// <summary>
    /// This field as a field of a record that holds the field's own record as a part (a value model's fields as fields of
    /// the scenario's benefits): same name, label, unit, range, requirement and help.
    /// </summary>
    internal InputField Within(Func<object, object> partOf, Func<object, object, object> withPart) =>
        new(Name, Label, Unit, Range,
            o => _get(partOf(o)),
            (o, v) => withPart(o, _set(partOf(o), v)),
            Requirement, IsInteger, SuppliedBy, InSensitivity,
            _isDefault is null ? null : o => _isDefault(partOf(o)),
            Help, MethodologyAnchor);
}
