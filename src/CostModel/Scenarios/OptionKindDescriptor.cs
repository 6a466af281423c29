using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;

namespace Planner.CostModel.Scenarios;

/// <summary>
/// Everything about one option kind that the rest of the product asks for: its JSON name and labels, its table of
/// input fields (which drives reading, writing, validation, the editor, the tornado and the Monte Carlo), how to make
/// one, which store references it takes, its cross-field rules and its cash-flow strategy (which also writes the
/// kind's spreadsheet formulas). One instance per kind, defined beside the kind's record; see
/// docs/decisions/007-option-kinds.md.
/// </summary>
public sealed class OptionKindDescriptor
{
    public required OptionKind Kind { get; init; }

    /// <summary>The kind's name in scenario and evaluation JSON, e.g. "onprem".</summary>
    public required string JsonName { get; init; }

    /// <summary>A short label, e.g. "On-premises".</summary>
    public required string Label { get; init; }

    /// <summary>What adding one means to a decision-maker, e.g. "Buy servers (on-premises)".</summary>
    public required string AddLabel { get; init; }

    /// <summary>The kind's numeric inputs, in the order the editor shows them.</summary>
    public required IReadOnlyList<InputField> Fields { get; init; }

    /// <summary>An option with no numbers yet, as a scenario file starts it (validation names each required one).</summary>
    public required Func<string, SourcingOption> Create { get; init; }

    /// <summary>A new option as the editor adds it: <see cref="Create"/> plus the starting values a person would expect.</summary>
    public Func<string, SourcingOption>? Starter { get; init; }

    /// <summary>The store references the kind takes; the first catalog one is the row the editor offers to price it.</summary>
    public required IReadOnlyList<ReferenceField> References { get; init; }

    /// <summary>The editor's label for picking <see cref="PricedBy"/>.</summary>
    public required string CatalogLabel { get; init; }

    /// <summary>Problems that involve more than one field (e.g. idle power above full power, a reserved term longer than the scenario's horizon), at the option's path.</summary>
    public Func<SourcingOption, Scenario, string, IEnumerable<InputProblem>> Rules { get; init; } = static (_, _, _) => [];

    /// <summary>The kind's cash flow (docs/methodology.md, "Options"), prepared for a timeline.</summary>
    internal Func<Timeline, OptionCashFlow> CashFlow { get; init; } = null!;

    /// <summary>
    /// Writes the kind's own cells of one month row of the workbook's Cash flows sheet, as formulas over the Inputs
    /// sheet that mirror <see cref="CashFlow"/> step by step (the columns every kind shares are written by the workbook).
    /// </summary>
    public required Action<ICashFlowSheetMonth> SheetFormulas { get; init; }

    /// <summary>
    /// Text fields that name another option of the same scenario by its id (a hybrid's <c>overflowTo</c>): read, written
    /// and offered by the editor like the kind's numbers; the kind's <see cref="Rules"/> check what they name.
    /// </summary>
    public IReadOnlyList<OptionLinkField> OptionLinks { get; init; } = [];

    /// <summary>Headers of the kind's helper columns (<see cref="CashFlowSheetColumn.Helper1"/> on), in order.</summary>
    public IReadOnlyList<string> SheetHelperHeaders { get; init; } = [];

    /// <summary>The catalog reference whose row prices the option (apiPrice, cloudOffer or gpu).</summary>
    public ReferenceField PricedBy => References.First(r => r.NamesCatalogRow());

    /// <summary>Whether the option's throughput comes from measurements (it runs on GPUs).</summary>
    public bool RunsOnGpus => References.Contains(ReferenceField.ThroughputFrom);

    /// <summary>A new option for the editor.</summary>
    public SourcingOption Start(string id) => (Starter ?? Create)(id);

    /// <summary>
    /// The option priced by the catalog row <paramref name="key"/>: the reference is set and the figures it supplies
    /// are cleared, so the store fills them with the row's source and date as their origin.
    /// </summary>
    public SourcingOption PriceFromCatalog(SourcingOption option, string key)
    {
        object updated = option with { References = option.References.WithCatalogKey(PricedBy, key) };
        foreach (var field in Fields.Where(f => f.SuppliedBy == PricedBy))
        {
            updated = field.Set(updated, double.NaN);
        }
        return (SourcingOption)updated;
    }
}

/// <summary>
/// A text field of an option kind that names another option of the scenario by id (<see cref="OptionKindDescriptor.OptionLinks"/>).
/// </summary>
/// <param name="Name">The field's JSON name, e.g. "overflowTo".</param>
/// <param name="Label">The editor's label.</param>
/// <param name="Help">One sentence on what it names.</param>
/// <param name="Accepts">The kinds the named option may be.</param>
/// <param name="Get">The id named, or null.</param>
/// <param name="Set">The option naming another id.</param>
public sealed record OptionLinkField(string Name, string Label, string Help, IReadOnlyList<OptionKind> Accepts,
    Func<SourcingOption, string?> Get, Func<SourcingOption, string?, SourcingOption> Set);
