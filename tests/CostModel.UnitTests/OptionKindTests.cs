using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>
/// Every option kind brings all of its parts (docs/decisions/007-option-kinds.md): a new kind that forgets one fails
/// here, without this file naming the kind.
/// </summary>
public class OptionKindTests
{
    public static TheoryData<OptionKind> Kinds => new(Enum.GetValues<OptionKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_complete_descriptor(OptionKind kind)
    {
        var descriptor = OptionKinds.Of(kind);

        Assert.Equal(kind, descriptor.Kind);
        Assert.Matches("^[a-z]+$", descriptor.JsonName);
        Assert.Same(descriptor, OptionKinds.FindByJsonName(descriptor.JsonName));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Label));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.AddLabel));
        Assert.False(string.IsNullOrWhiteSpace(descriptor.CatalogLabel));
        Assert.NotNull(descriptor.CashFlow);
        Assert.NotEqual(ReferenceField.ThroughputFrom, descriptor.PricedBy);
        Assert.Equal(descriptor.Fields.Count, descriptor.Fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(descriptor.Fields, f => f.Name == "fixedMonthly");
        Assert.Contains(descriptor.Fields, f => f.Name == "setupCost");
        Assert.All(descriptor.Fields.Where(f => f.SuppliedBy is not null), f => Assert.Contains(f.SuppliedBy!.Value, descriptor.References));
        Assert.Contains(descriptor.Fields, f => f.SuppliedBy == descriptor.PricedBy);
        foreach (var made in new[] { descriptor.Create("x"), descriptor.Start("x") })
        {
            Assert.Equal(kind, made.Kind);
            Assert.Equal("x", made.Id);
        }
    }

    [Fact]
    public void Kinds_have_distinct_json_names_and_labels()
    {
        Assert.Equal(OptionKinds.All.Count, OptionKinds.All.Select(d => d.JsonName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(OptionKinds.All.Count, OptionKinds.All.Select(d => d.Label).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enum.GetValues<OptionKind>().Length, OptionKinds.All.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_evaluates_and_survives_a_round_trip_through_scenario_json(OptionKind kind)
    {
        var scenario = ScenarioBuilder.Scenario(24, 0.1, ScenarioBuilder.Workload(1_000_000, inputTokens: 400) with { HourlyShares = FlatDay },
            [.. Linked(Filled(OptionKinds.Of(kind)))]);

        var evaluation = CostEngine.Evaluate(scenario);
        var reread = CostEngine.Evaluate(ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario)));

        var option = evaluation.GetOption("opt");
        Assert.Equal(kind.JsonName(), option.Kind);
        Assert.True(double.IsFinite(option.PresentValue) && option.PresentValue > 0, $"present value {option.PresentValue}");
        // Origins differ (an option built in memory has no "default" marks); every number must not.
        Assert.Equal(PlannerJson.Serialize(evaluation.Options), PlannerJson.Serialize(reread.Options));
        Assert.Equal(evaluation.Inputs.Select(i => (i.Key, i.Value)), reread.Inputs.Select(i => (i.Key, i.Value)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pricing_from_the_catalog_names_the_row_and_clears_the_figures_it_supplies(OptionKind kind)
    {
        var descriptor = OptionKinds.Of(kind);

        var priced = descriptor.PriceFromCatalog(Filled(descriptor), "row");

        Assert.Equal("row", priced.References.CatalogKey(descriptor.PricedBy));
        foreach (var field in descriptor.Fields)
        {
            Assert.Equal(field.SuppliedBy == descriptor.PricedBy, double.IsNaN(field.Get(priced)));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kinds_workbook_formulas_write_its_month_rows_from_its_own_inputs_and_fill_every_helper_column_it_names(OptionKind kind)
    {
        var descriptor = OptionKinds.Of(kind);
        var sheet = new RecordedSheet();

        foreach (var (monthZero, lastMonth) in new[] { (true, false), (false, false), (false, true) })
        {
            descriptor.SheetFormulas(new RecordingMonth(descriptor, descriptor, monthZero, lastMonth, sheet));
        }

        Assert.Empty(sheet.Problems);
        Assert.True(descriptor.SheetHelperHeaders.Count <= CashFlowSheetHelpers.Columns.Count, $"{descriptor.SheetHelperHeaders.Count} helper headers");
        Assert.NotEmpty(sheet.SetInAMiddleMonth);
        Assert.All(CashFlowSheetHelpers.Columns.Take(descriptor.SheetHelperHeaders.Count), helper => Assert.Contains(helper, sheet.Set));
    }

    /// <summary>What a kind's <see cref="OptionKindDescriptor.SheetFormulas"/> wrote and asked for, and what it asked for that its kind lacks.</summary>
    private sealed class RecordedSheet
    {
        public List<string> Problems { get; } = [];

        public HashSet<CashFlowSheetColumn> Set { get; } = [];

        public HashSet<CashFlowSheetColumn> SetInAMiddleMonth { get; } = [];
    }

    /// <summary>
    /// A month row that records instead of writing cells: an input of a field outside the kind's table (or, through a
    /// link, the linked kind's) and a helper column beyond the kind's helper headers are problems.
    /// </summary>
    private sealed class RecordingMonth(OptionKindDescriptor owner, OptionKindDescriptor inputsOf, bool monthZero, bool lastMonth, RecordedSheet sheet)
        : ICashFlowSheetMonth
    {
        public bool IsMonthZero => monthZero;

        public bool IsLastMonth => lastMonth;

        public string Month => "A5";

        public string this[CashFlowSheetColumn column] => Cell(column, "5");

        public string Above(CashFlowSheetColumn column) => Cell(column, "4");

        public string Below(CashFlowSheetColumn column) => Cell(column, "6");

        public string FromMonthOne(CashFlowSheetColumn column) => Cell(column, "2") + ":" + Cell(column, "5");

        public string AllMonths(CashFlowSheetColumn column) => Cell(column, "1") + ":" + Cell(column, "9");

        public string UpToAbove(CashFlowSheetColumn column) => Cell(column, "1") + ":" + Cell(column, "4");

        public string Input(string field)
        {
            if (!HasInput(field))
            {
                sheet.Problems.Add($"{owner.JsonName}: the formulas read input '{field}', which is not a field of {inputsOf.JsonName}");
            }
            return "in_" + field;
        }

        public bool HasInput(string field) => inputsOf.Fields.Any(f => f.Name == field);

        public string Workload(string field) => "workload_" + field;

        public string PeakHourFactor => "peakHourFactor";

        public string? HourFactors(bool weekend) => weekend ? "weekendHours" : "weekdayHours";

        public string HourRate(string factor) => $"rate({factor})";

        public string Horizon => "horizon";

        public (ICashFlowSheetMonth Row, OptionKind Kind) Linked(string field)
        {
            var link = owner.OptionLinks.FirstOrDefault(l => l.Name == field);
            if (link is null)
            {
                sheet.Problems.Add($"{owner.JsonName}: the formulas follow '{field}', which is not one of its option links");
                return (this, owner.Kind);
            }
            var linked = OptionKinds.Of(link.Accepts[0]);
            return (new RecordingMonth(owner, linked, monthZero, lastMonth, sheet), linked.Kind);
        }

        public void Set(CashFlowSheetColumn column, string formula)
        {
            Cell(column, "5");
            sheet.Set.Add(column);
            if (!monthZero && !lastMonth)
            {
                sheet.SetInAMiddleMonth.Add(column);
            }
        }

        private string Cell(CashFlowSheetColumn column, string row)
        {
            var helper = CashFlowSheetHelpers.Columns.ToList().IndexOf(column);
            if (helper >= owner.SheetHelperHeaders.Count)
            {
                sheet.Problems.Add($"{owner.JsonName}: the formulas use {column}, but the kind names {owner.SheetHelperHeaders.Count} helper columns");
            }
            return column + row;
        }
    }

    /// <summary>A day whose 24 hours are alike (a kind may need the hourly profile).</summary>
    private static readonly double[] FlatDay = [.. Enumerable.Repeat(1.0 / 24, 24)];

    /// <summary>The option, and for each option it names (its <see cref="OptionKindDescriptor.OptionLinks"/>) a filled option of the first kind the link accepts.</summary>
    private static IEnumerable<SourcingOption> Linked(SourcingOption option)
    {
        var linked = new List<SourcingOption>();
        foreach (var link in OptionKinds.Of(option.Kind).OptionLinks)
        {
            var target = Filled(OptionKinds.Of(link.Accepts[0]), $"linked{linked.Count}");
            option = link.Set(option, target.Id);
            linked.Add(target);
        }
        return [option, .. linked];
    }

    /// <summary>The kind's option as the editor starts it, with every required field at a value inside its range (1,000 where allowed, else 1).</summary>
    private static SourcingOption Filled(OptionKindDescriptor descriptor, string id = "opt")
    {
        object option = descriptor.Start(id);
        foreach (var field in descriptor.Fields.Where(f => f.Requirement != Requirement.Optional))
        {
            option = field.Set(option, field.Range.Contains(1000) ? 1000 : 1);
        }
        return (SourcingOption)option;
    }
}
