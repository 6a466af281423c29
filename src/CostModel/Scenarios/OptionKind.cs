using Planner.CostModel.Inputs;

namespace Planner.CostModel.Scenarios;

/// <summary>
/// The kinds of sourcing option. Each has one <see cref="OptionKindDescriptor"/> (see <see cref="OptionKinds.Of"/>);
/// adding a kind is described in docs/decisions/007-option-kinds.md.
/// </summary>
public enum OptionKind
{
    Api,
    Cloud,
    OnPrem,
    Hybrid,
}

/// <summary>The descriptors of every option kind, and lookups by enum value and JSON name.</summary>
public static class OptionKinds
{
    /// <summary>Every kind's descriptor, in the order the editor offers them.</summary>
    public static IReadOnlyList<OptionKindDescriptor> All { get; } = Enum.GetValues<OptionKind>().Select(Of).ToArray();

    /// <summary>The one place that maps a kind to its descriptor; no discard arm, so a new kind fails to compile here until described.</summary>
    public static OptionKindDescriptor Of(OptionKind kind) => kind switch
    {
        OptionKind.Api => ApiOption.Descriptor,
        OptionKind.Cloud => CloudOption.Descriptor,
        OptionKind.OnPrem => OnPremOption.Descriptor,
        OptionKind.Hybrid => HybridOption.Descriptor,
    };

    /// <summary>The kind's name in scenario and evaluation JSON ("api", "cloud", "onprem", "hybrid").</summary>
    public static string JsonName(this OptionKind kind) => Of(kind).JsonName;

    /// <summary>The kind a JSON name stands for, or null.</summary>
    public static OptionKindDescriptor? FindByJsonName(string name) => All.FirstOrDefault(d => string.Equals(d.JsonName, name, StringComparison.Ordinal));

    /// <summary>The kind a JSON name stands for; throws for a name no kind has (evaluation results only carry known names).</summary>
    public static OptionKindDescriptor ByJsonName(string name) =>
        FindByJsonName(name) ?? throw new ArgumentException($"no option kind is named '{name}'", nameof(name));

    /// <summary>"api, cloud, onprem": the allowed JSON names, for error messages.</summary>
    public static string JsonNames => string.Join(", ", All.Select(d => d.JsonName));

    /// <summary>"cloud and onprem": the kinds a reference applies to, for error messages.</summary>
    public static string AcceptingReference(ReferenceField reference) =>
        string.Join(" and ", All.Where(d => d.References.Contains(reference)).Select(d => d.JsonName));

    /// <summary>
    /// Whether options of the kind own servers, and so are read as an <see cref="OnPremOption"/> (a hybrid is one, with an
    /// overflow option beside its owned base): the rules and resolvers of owned servers ask this instead of testing the
    /// option's type, so a new kind decides here, named by the compiler, rather than matching by inheritance.
    /// </summary>
    public static bool OwnsServers(this OptionKind kind) => kind switch
    {
        OptionKind.Api => false,
        OptionKind.Cloud => false,
        OptionKind.OnPrem => true,
        OptionKind.Hybrid => true,
    };

    /// <summary>The fields of a kind's input table.</summary>
    public static IReadOnlyList<InputField> Fields(OptionKind kind) => Of(kind).Fields;
}
