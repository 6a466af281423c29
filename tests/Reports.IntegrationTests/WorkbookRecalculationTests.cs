using Col = Planner.CostModel.Evaluation.CashFlowSheetColumn;
using System.Globalization;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Finance;

namespace Planner.Reports.IntegrationTests;

/// <summary>
/// The workbook as an auditor's spreadsheet sees it: LibreOffice Calc recalculates every example's workbook (and each
/// with three changed inputs) from scratch, and every formula cell that has a Planner figure must match it to 1e-9
/// relative (docs/reports.md, "Recalculating the workbook in another spreadsheet").
/// </summary>
public sealed class WorkbookRecalculationTests(RecalculationCases cases) : IClassFixture<RecalculationCases>
{
    private const double RelativeTolerance = 1e-9;

    private static readonly (Col Column, Func<MonthlyCash, double> Figure)[] MonthFigures =
    [
        (Col.Requests, m => m.Requests), (Col.Tokens, m => m.Tokens), (Col.Gpus, m => m.Gpus), (Col.Servers, m => m.Servers),
        (Col.Usage, m => m.Usage), (Col.Compute, m => m.Compute), (Col.EnergyKwh, m => m.EnergyKwh), (Col.Energy, m => m.Energy),
        (Col.Colocation, m => m.Colocation), (Col.Maintenance, m => m.Maintenance), (Col.Staff, m => m.Staff), (Col.Capex, m => m.Capex),
        (Col.Setup, m => m.Setup), (Col.Fixed, m => m.Fixed), (Col.Resale, m => m.Resale), (Col.Cash, m => m.Cash),
        // Financing and tax, each column on its own (the loan's payments and balance at the horizon, the interest within
        // them, lease payments, depreciation and the month's tax effect with its shields), not only through Cash.
        (Col.Depreciation, m => m.Depreciation), (Col.Financing, m => m.Financing), (Col.Interest, m => m.Interest),
        (Col.Lease, m => m.Lease), (Col.Tax, m => m.Tax),
    ];

    public static TheoryData<string> Names => RecalculationCases.Names();

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_month_cell_recalculated_by_LibreOffice_matches_Plannerʼs_cash_flow(string name)
    {
        var (expected, workbook) = Case(name);
        var baseline = expected.GetOption(expected.Baseline);
        foreach (var option in expected.Options)
        {
            var first = FirstMonthRow(workbook, option);
            foreach (var month in option.Months)
            {
                var row = first + month.Month;
                foreach (var (column, figure) in MonthFigures)
                {
                    Close(figure(month), workbook[XlsxReport.CashFlowsSheet, row, (int)column], $"{option.Id} {column} month {month.Month}");
                }
                if (option.Hybrid is not null)
                {
                    Close(month.OverflowRequests, workbook[XlsxReport.CashFlowsSheet, row, (int)Col.Helper11], $"{option.Id} overflow requests month {month.Month}");
                }
                var savings = baseline.Months[month.Month].Cash - month.Cash;
                Close(savings, workbook[XlsxReport.CashFlowsSheet, row, (int)Col.Savings], $"{option.Id} savings month {month.Month}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_summary_figure_recalculated_by_LibreOffice_matches_Plannerʼs(string name)
    {
        var (expected, workbook) = Case(name);
        for (var i = 0; i < expected.Options.Count; i++)
        {
            var option = expected.Options[i];
            var row = XlsxReport.SummaryHeaderRow + 1 + i;
            CellValue Cell(SummaryCol column) => workbook[XlsxReport.SummarySheet, row, (int)column];
            Assert.Equal(option.Id, Cell(SummaryCol.Option).Text);
            Close(option.TotalCost, Cell(SummaryCol.TotalCost), $"{option.Id} total cost");
            Close(option.PresentValue, Cell(SummaryCol.PresentValueByNpv), $"{option.Id} present value by NPV()");
            Close(option.PresentValue, Cell(SummaryCol.PresentValue), $"{option.Id} present value by discount factors");
            if (option.LevelizedCostPerMillionTokens is { } levelized)
            {
                Close(levelized, Cell(SummaryCol.LevelizedCost), $"{option.Id} levelized cost");
            }
            if (expected.BenefitsPresentValue is { } benefits)
            {
                Close(benefits, Cell(SummaryCol.BenefitsPresentValue), $"{option.Id} benefits PV");
                Close(option.Npv!.Value, Cell(SummaryCol.Npv), $"{option.Id} NPV");
                Close(option.Roi!.Value, Cell(SummaryCol.Roi), $"{option.Id} ROI");
            }
        }
        Assert.Equal(expected.Recommendation, workbook[XlsxReport.SummarySheet, 4, 2].Text);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Irr_cell_and_note_recalculate_to_Plannerʼs_figure_and_wording_in_LibreOffice(string name)
    {
        var (expected, workbook) = Case(name);
        var exported = cases.Cases.Single(c => c.Name == name).Exported;
        foreach (var comparison in expected.Comparisons)
        {
            var row = SummaryRow(expected, comparison.Option);
            CellValue Cell(SummaryCol column) => workbook[XlsxReport.SummarySheet, row, (int)column];
            Close(comparison.NpvSavings, Cell(SummaryCol.NpvSavings), $"{comparison.Option} NPV savings");
            // Savings that change sign more than once and moved with the input change: unless the margin columns prove
            // that no rate exists, how many rates they have is Planner's to settle (ADR 039), and the sheet says so
            // instead of the exported verdict.
            var exportedSize = SavingsSize(exported, comparison.Option);
            var moved = Cell(SummaryCol.SignChanges).Number > 1
                && Math.Abs(SavingsSize(expected, comparison.Option) - exportedSize) > XlsxReport.SavingsChangedShare * exportedSize
                && !FinancialFunctions.ProvedNoIrr(Savings(expected, comparison.Option));
            if (comparison.IrrAnnual is { } irr && !(moved && Cell(SummaryCol.Irr).Text == XlsxReport.NoIrr))
            {
                Close(irr, Cell(SummaryCol.Irr), $"{comparison.Option} IRR");
            }
            else
            {
                Assert.Equal(XlsxReport.NoIrr, Cell(SummaryCol.Irr).Text);
            }
            Assert.Equal(moved ? XlsxReport.RatesNotIsolated : comparison.IrrNote ?? "", Cell(SummaryCol.IrrNote).Text ?? "");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Payback_cells_recalculate_to_Plannerʼs_payback_and_discounted_payback_months(string name)
    {
        var (expected, workbook) = Case(name);
        foreach (var comparison in expected.Comparisons)
        {
            var row = SummaryRow(expected, comparison.Option);
            AssertMonth(comparison.PaybackMonth, workbook[XlsxReport.SummarySheet, row, (int)SummaryCol.Payback], $"{comparison.Option} payback");
            AssertMonth(comparison.DiscountedPaybackMonth, workbook[XlsxReport.SummarySheet, row, (int)SummaryCol.DiscountedPayback],
                $"{comparison.Option} discounted payback");
        }
    }

    [Fact]
    public void Goal_seek_from_Plannerʼs_break_even_holds_the_NPV_savings_at_zero_in_LibreOffice()
    {
        var goalSeeks = cases.Cases.Where(c => c.BreakEvenOf is not null).ToList();
        Assert.True(goalSeeks.Count >= 3, $"only {goalSeeks.Count} comparisons have a break-even to check");
        foreach (var goalSeek in goalSeeks)
        {
            var workbook = cases.Recalculated[goalSeek.Name];
            var row = SummaryRow(goalSeek.Expected, goalSeek.BreakEvenOf!);
            var comparison = goalSeek.Exported.Comparisons.Single(c => c.Option == goalSeek.BreakEvenOf);
            Close(comparison.BreakEvenRequestsPerMonth!.Value, workbook[XlsxReport.SummarySheet, row, (int)SummaryCol.BreakEven], $"{goalSeek.Name} break-even value");
            Assert.StartsWith($"Goal Seek: set {XlsxReport.Letter(SummaryCol.NpvSavings)}{row} to 0 by changing Inputs!C",
                workbook[XlsxReport.SummarySheet, row, (int)SummaryCol.BreakEvenCheck].Text, StringComparison.Ordinal);
            // Planner's break-even meets the baseline to within 1e-3 of the baseline's present value (CostEngine.BreakEven).
            var baseline = goalSeek.Expected.GetOption(goalSeek.Expected.Baseline).PresentValue;
            var savings = workbook[XlsxReport.SummarySheet, row, (int)SummaryCol.NpvSavings];
            Assert.True(Math.Abs(savings.Number!.Value) <= 1e-3 * baseline, $"{goalSeek.Name}: NPV savings {savings} at the break-even, baseline PV {baseline}");
            // Near zero the savings are a difference of two present values of the baseline's size: relative to that.
            var expected = goalSeek.Expected.Comparisons.Single(c => c.Option == goalSeek.BreakEvenOf).NpvSavings;
            Close(expected, savings, $"{goalSeek.Name} NPV savings", baseline);
        }
    }

    [Fact]
    public void The_cases_reach_every_IRR_note_a_payback_and_a_note_that_an_input_change_turns_over()
    {
        var notes = cases.Cases.SelectMany(c => c.Expected.Comparisons).Select(c => c.IrrNote).ToList();
        Assert.Contains(IrrNotes.NeverPositive, notes);
        Assert.Contains(IrrNotes.NeverNegative, notes);
        Assert.Contains(IrrNotes.HugeRate, notes);
        // Savings that change sign with no rate at all (the hybrids case): proved on both sides, in the sheet as by Planner.
        Assert.Contains(IrrNotes.NoRateBelowZero, notes);
        // Several rates proved (the loan's balloon, and the hybrids at ten times the requests), as exported and after a change.
        Assert.Contains(notes, n => n?.StartsWith("several rates (", StringComparison.Ordinal) == true);
        Assert.Contains(notes, n => n is null);
        var comparisons = cases.Cases.SelectMany(c => c.Expected.Comparisons).ToList();
        Assert.Contains(comparisons, c => c.PaybackMonth > 0);
        Assert.Contains(comparisons, c => c.DiscountedPaybackMonth > c.PaybackMonth);
        Assert.Contains(comparisons, c => c.PaybackMonth is null);
        // The exported note goes stale unless it is a formula: some option's note differs once its inputs change.
        Assert.Contains(cases.Cases, c => c.Expected.Comparisons.Zip(c.Exported.Comparisons).Any(pair => pair.First.IrrNote != pair.Second.IrrNote));
    }

    /// <summary>The savings of <paramref name="option"/> against the baseline, month by month.</summary>
    private static double[] Savings(ScenarioEvaluation evaluation, string option)
    {
        var baseline = evaluation.GetOption(evaluation.Baseline).Months;
        return [.. evaluation.GetOption(option).Months.Select((m, t) => baseline[t].Cash - m.Cash)];
    }

    /// <summary>The sum of the absolute savings of <paramref name="option"/> against the baseline.</summary>
    private static double SavingsSize(ScenarioEvaluation evaluation, string option) => Savings(evaluation, option).Sum(Math.Abs);

    private (ScenarioEvaluation Expected, RecalculatedWorkbook Workbook) Case(string name) =>
        (cases.Cases.Single(c => c.Name == name).Expected, cases.Recalculated[name]);

    private static int SummaryRow(ScenarioEvaluation evaluation, string option) =>
        XlsxReport.SummaryHeaderRow + 1 + evaluation.Options.ToList().FindIndex(o => o.Id == option);

    private static int FirstMonthRow(RecalculatedWorkbook workbook, OptionResult option) =>
        workbook.TextInColumnA(XlsxReport.CashFlowsSheet).Single(c => c.Text.EndsWith($"({option.Id}, {option.Kind})", StringComparison.Ordinal)).Row + 2;

    private static void AssertMonth(int? expected, CellValue actual, string what)
    {
        if (expected is { } month)
        {
            Assert.True(actual.Number == month, $"{what}: expected month {month}, LibreOffice {actual}");
        }
        else
        {
            Assert.True(actual.Text == XlsxReport.NoPayback, $"{what}: expected none, LibreOffice {actual}");
        }
    }

    /// <summary>Relative to the figure, or to <paramref name="scale"/> when larger (a figure near zero that is a difference of larger ones); never below 1.</summary>
    private static void Close(double expected, CellValue actual, string what, double scale = 0)
    {
        Assert.True(actual.Number is not null, $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, LibreOffice {actual}");
        var tolerance = RelativeTolerance * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(scale)));
        Assert.True(Math.Abs(expected - actual.Number.Value) <= tolerance,
            $"{what}: expected {expected.ToString("R", CultureInfo.InvariantCulture)}, LibreOffice {actual} (tolerance {tolerance:G3})");
    }
}
