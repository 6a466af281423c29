using System.Text;
using ClosedXML.Excel;
using Planner.CostModel.Evaluation;

namespace Planner.Reports;

/// <summary>
/// The auditable workbook (docs/reports.md, "Workbook"): an Inputs sheet with every input, its origin and a defined name
/// (the horizon locked), a Cash flows sheet whose monthly rows are live formulas over those names, and a Summary sheet
/// that computes present values with the spreadsheet's own NPV, the IRR with Planner's caveats, payback and discounted
/// payback, next to Planner's figures and break-even. Every formula cell with a Planner figure is checked by LibreOffice
/// Calc recalculating the workbook from scratch (tests/Reports.IntegrationTests/WorkbookRecalculationTests.cs). When the
/// report has them, a Risk sheet (the Monte Carlo statistics) and a Projections sheet hold values with the CSV report's columns.
/// </summary>
public static class XlsxReport
{
    public const string InputsSheet = "Inputs";
    public const string CashFlowsSheet = "Cash flows";
    public const string SummarySheet = "Summary";
    public const string RiskSheet = "Risk";
    public const string ProjectionsSheet = "Projections";

    /// <summary>The Excel limit on a text literal inside a formula.</summary>
    private const int MaxFormulaTextLength = 255;

    private const string MoneyFormat = "#,##0.00";
    private const string NumberFormat = "#,##0.####";

    /// <summary>Cash flows columns (one block per option, same columns for every kind; unused ones stay 0).</summary>
    internal static readonly string[] CashFlowHeaders =
    [
        "Month", "Requests", "Tokens", "GPUs", "Servers", "Usage", "Compute", "Energy kWh", "Energy", "Colocation",
        "Maintenance", "Staff", "Capex", "Setup", "Fixed", "Resale", "Cash", "Discount factor", "Savings vs baseline", "Benefits",
    ];

    /// <summary>Summary table columns, from column A, in the order of <see cref="SummaryCol"/>.</summary>
    internal static readonly string[] SummaryHeaders =
    [
        "Option", "Name", "Kind", "Total cost", "Present value (NPV)", "Present value (discount factors)", "Planner present value",
        "Levelized cost per 1M tokens", "NPV savings vs baseline", "Savings sign changes", "IRR fallback guess (monthly, Planner's IRR)",
        "Planner's IRR note (savings changing sign more than once)",
        "IRR on savings (annual)", "IRR note", "Payback month", "Discounted payback month", "Break-even requests per month (Planner)",
        "Break-even check (goal seek)", "Benefits PV", "NPV (benefits - cost)", "ROI",
    ];

    /// <summary>The row of the option table's header on the Summary sheet; options follow from the next row.</summary>
    internal const int SummaryHeaderRow = 7;

    /// <summary>What a payback cell shows when the cumulative savings end below zero (Planner: no payback month).</summary>
    internal const string NoPayback = "never (cumulative savings end below zero)";

    /// <summary>What the IRR cell shows when the savings never change sign (the IRR note says which way).</summary>
    internal const string NoIrr = "-";

    /// <summary>The IRR note when the spreadsheet's IRR does not converge from the guess beside it.</summary>
    /// <summary>
    /// The IRR note where the savings change sign more than once and differ from the exported ones: how many rates they
    /// have is settled by Planner's isolation of the rates, which the sheet cannot repeat.
    /// </summary>
    internal const string RatesNotIsolated = "the savings change sign more than once and differ from those exported: how many rates they have is settled by Planner's isolation of the rates, "
        + "which formulas cannot repeat; evaluate the changed scenario in Planner";

    /// <summary>A change of the savings' absolute sum beyond this share of the exported one counts as other savings (<see cref="RatesNotIsolated"/>).</summary>
    internal const double SavingsChangedShare = 1e-6;

    internal const string IrrNotConverged = "the spreadsheet's IRR did not converge from 1% a month nor from the fallback guess: enter another fallback guess";

    public static void Write(ReportInput input, Stream output)
    {
        using var workbook = Build(input);
        workbook.SaveAs(output);
    }

    /// <summary>Builds the workbook in memory (the tests evaluate its formulas before saving too).</summary>
    public static XLWorkbook Build(ReportInput input)
    {
        var workbook = new XLWorkbook();
        var inputs = InputsSheetWriter.Write(workbook.Worksheets.Add(InputsSheet), input);
        var blocks = CashFlowSheetWriter.Write(workbook.Worksheets.Add(CashFlowsSheet), input, inputs);
        WriteSummary(workbook.Worksheets.Add(SummarySheet), input, inputs, blocks);
        if (input.Simulation is { } simulation)
        {
            var risk = workbook.Worksheets.Add(RiskSheet);
            risk.Cell(1, 1).SetValue($"Monte Carlo simulation: {simulation.Trials:N0} trials, seed {simulation.Seed}. Simulated values, not formulas (docs/methodology.md, \"Monte Carlo\").");
            var next = WriteTable(risk, 3, CsvReport.RiskColumns, simulation.Options.Select(o => (simulation, o)));
            var byKey = simulation.Inputs.ToDictionary(i => i.Input, StringComparer.Ordinal);
            WriteTable(risk, next + 1, CsvReport.RiskInputColumns, simulation.Tornado.Select(b => (byKey[b.Input], b)));
        }
        if (input.Projections.Count > 0)
        {
            var projections = workbook.Worksheets.Add(ProjectionsSheet);
            projections.Cell(1, 1).SetValue("Throughput projections behind the options' prefill and decode figures (docs/methodology.md, \"Throughput projection\").");
            WriteTable(projections, 3, CsvReport.ProjectionColumns, input.Projections);
        }
        workbook.Worksheet(SummarySheet).SetTabActive();
        workbook.Worksheet(SummarySheet).Position = 1;
        return workbook;
    }

    private static void WriteSummary(IXLWorksheet sheet, ReportInput input, InputCells inputs, IReadOnlyList<OptionBlock> blocks)
    {
        var e = input.Evaluation;
        sheet.Cell(1, 1).Value = "Scenario";
        sheet.Cell(1, 2).SetValue(e.Scenario);
        sheet.Cell(2, 1).Value = "Currency";
        sheet.Cell(2, 2).SetValue(e.Currency);
        sheet.Cell(3, 1).Value = "Monthly discount rate";
        sheet.Cell(3, 2).FormulaA1 = InputCells.MonthlyRate;
        sheet.Cell(3, 2).Style.NumberFormat.Format = "0.0000%";
        sheet.Cell(4, 1).Value = "Recommendation (lowest present value)";
        sheet.Cell(5, 1).Value = "Planner's recommendation";
        sheet.Cell(5, 2).SetValue(e.Recommendation);

        for (var c = 0; c < SummaryHeaders.Length; c++)
        {
            sheet.Cell(SummaryHeaderRow, c + 1).Value = SummaryHeaders[c];
        }
        sheet.Row(SummaryHeaderRow).Style.Font.Bold = true;
        sheet.Row(SummaryHeaderRow).Style.Alignment.WrapText = true;
        for (var i = 0; i < blocks.Count; i++)
        {
            WriteOptionRow(sheet, input, inputs, blocks[i], e.Options[i], SummaryHeaderRow + 1 + i);
        }
        var firstRow = SummaryHeaderRow + 1;
        var lastRow = SummaryHeaderRow + blocks.Count;
        var pv = Letter(SummaryCol.PresentValue);
        sheet.Cell(4, 2).FormulaA1 = $"INDEX(A{firstRow}:A{lastRow},MATCH(MIN({pv}{firstRow}:{pv}{lastRow}),{pv}{firstRow}:{pv}{lastRow},0))";
        WriteHowToRead(sheet, lastRow + 2);
        sheet.Column(1).Width = 36;
        sheet.Column(2).Width = 24;
        for (var c = 3; c <= SummaryHeaders.Length; c++)
        {
            sheet.Column(c).Width = 18;
        }
    }

    /// <summary>One option's row of the Summary: totals and present values as formulas over its Cash flows block.</summary>
    private static void WriteOptionRow(IXLWorksheet sheet, ReportInput input, InputCells inputs, OptionBlock b, OptionResult o, int row)
    {
        var e = input.Evaluation;
        var rate = InputCells.MonthlyRate;
        IXLCell Cell(SummaryCol column) => sheet.Cell(row, (int)column);
        string Ref(SummaryCol column) => $"{Letter(column)}{row}";

        Cell(SummaryCol.Option).SetValue(o.Id);
        Cell(SummaryCol.Name).SetValue(o.Name);
        Cell(SummaryCol.Kind).SetValue(o.Kind);
        Cell(SummaryCol.TotalCost).FormulaA1 = $"SUM({b.Column(Col.Cash)})";
        Cell(SummaryCol.PresentValueByNpv).FormulaA1 = $"{b.First(Col.Cash)}+NPV({rate},{b.Later(Col.Cash)})";
        Cell(SummaryCol.PresentValue).FormulaA1 = $"SUMPRODUCT({b.Column(Col.Cash)},{b.Column(Col.Discount)})";
        Cell(SummaryCol.PlannerPresentValue).Value = o.PresentValue;
        Cell(SummaryCol.LevelizedCost).FormulaA1 = o.LevelizedCostPerMillionTokens is null
            ? "\"-\""
            : $"{Ref(SummaryCol.PresentValue)}/SUMPRODUCT({b.Column(Col.Tokens)},{b.Column(Col.Discount)})*1000000";
        if (e.Comparisons.FirstOrDefault(c => c.Option == o.Id) is { } comparison)
        {
            WriteComparison(sheet, row, b, comparison, inputs, ExportedSavingsSize(input.Evaluation, comparison));
        }
        else
        {
            Cell(SummaryCol.NpvSavings).SetValue("baseline");
        }
        if (input.Scenario.Benefits is not null)
        {
            Cell(SummaryCol.BenefitsPresentValue).FormulaA1 = $"{b.First(Col.Benefits)}+NPV({rate},{b.Later(Col.Benefits)})";
            Cell(SummaryCol.Npv).FormulaA1 = $"SUMPRODUCT({b.Column(Col.Benefits)},{b.Column(Col.Discount)})-{Ref(SummaryCol.PresentValue)}";
            Cell(SummaryCol.Roi).FormulaA1 = $"{Ref(SummaryCol.Npv)}/{Ref(SummaryCol.PresentValue)}";
            Cell(SummaryCol.Roi).Style.NumberFormat.Format = "0.00%";
        }
        foreach (var c in new[]
        {
            SummaryCol.TotalCost, SummaryCol.PresentValueByNpv, SummaryCol.PresentValue, SummaryCol.PlannerPresentValue, SummaryCol.LevelizedCost,
            SummaryCol.NpvSavings, SummaryCol.BenefitsPresentValue, SummaryCol.Npv,
        })
        {
            Cell(c).Style.NumberFormat.Format = MoneyFormat;
        }
    }

    private static void WriteHowToRead(IXLWorksheet sheet, int notes)
    {
        sheet.Cell(notes, 1).Value = "How to read";
        sheet.Cell(notes, 1).Style.Font.Bold = true;
        string[] lines =
        [
            "Month 0 is today (set-up, first purchases); NPV() discounts its first value one period, so month 0 is added outside it.",
            "The monthly rate is (1 + annual rate)^(1/12) - 1 (Inputs sheet). IRR is monthly on the savings stream, annualized as (1 + IRR)^12 - 1.",
            "Present value (discount factors) is SUMPRODUCT(cash, (1 + m)^-t): the same number without NPV().",
            "Change a value on the Inputs sheet and every formula follows; Planner present value, the IRR fallback guess, Planner's IRR note and the break-even are the figures the report was generated with.",
            "IRR() searches only from its guess: like Planner, the IRR cell starts from 1% a month and, where that does not converge (Planner then scans "
                + "for the rate), from the fallback guess beside it, Planner's own monthly rate (1% where Planner found none). The IRR note follows Planner's rule: "
                + "no IRR without savings of both signs, none where the margin columns prove it, a note when the rate is above 1,000% a year. Where the savings change sign more than once "
                + "(Savings sign changes), how many rates exist takes Planner's isolation of the rates, which formulas cannot repeat: the note is then Planner's IRR note beside it "
                + "(several rates named, none proved or none found), for the inputs the report was generated with.",
            "Payback is the first month from which cumulative savings stay at or above zero (0 when never below; a sum within 1E-9 of the total size counts as zero); "
                + "discounted payback the same on discounted savings. The running columns are on the Cash flows sheet, right of the helpers.",
            "Break-even has no closed formula (Planner scans demand and bisects): its value is Planner's, and Goal Seek on the NPV savings cell reproduces it "
                + "as the Break-even check column says.",
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            sheet.Cell(notes + 1 + i, 1).SetValue(lines[i]);
        }
    }

    /// <summary>
    /// Planner's IRR note where it rests on isolating the rates (docs/decisions/039-irr-rates-proved-and-several-named.md):
    /// several rates named, how many not settled, none proved beyond the first level, or none found; empty otherwise.
    /// </summary>
    private static string PlannerIrrNote(Comparison comparison) =>
        comparison.IrrRatesAnnual is not null
        || comparison.IrrNote is IrrNotes.NoRateBelowZero or IrrNotes.NoRateAboveZero or IrrNotes.NotFound
        || comparison.IrrSignChanges is not null
            ? comparison.IrrNote ?? ""
            : "";

    /// <summary>The cells of a compared option: NPV savings, IRR with its guess and note, payback, discounted payback and break-even.</summary>
    /// <summary>The sum of the absolute savings of <paramref name="comparison"/> as exported, which identifies the savings Planner's IRR note is for.</summary>
    private static double ExportedSavingsSize(ScenarioEvaluation e, Comparison comparison)
    {
        var baseline = e.GetOption(comparison.Baseline).Months;
        var option = e.GetOption(comparison.Option).Months;
        var size = 0.0;
        for (var t = 0; t < option.Count; t++)
        {
            size += Math.Abs(baseline[t].Cash - option[t].Cash);
        }
        return size;
    }

    private static void WriteComparison(IXLWorksheet sheet, int row, OptionBlock b, Comparison comparison, InputCells inputs, double exportedSavingsSize)
    {
        IXLCell Cell(SummaryCol column) => sheet.Cell(row, (int)column);
        string Ref(SummaryCol column) => $"{Letter(column)}{row}";
        var savings = b.Column(Col.Savings);
        var zero = Number(IrrNotes.ZeroTolerance);

        Cell(SummaryCol.NpvSavings).FormulaA1 = $"{b.First(Col.Savings)}+NPV({InputCells.MonthlyRate},{b.Later(Col.Savings)})";
        var signs = Col.SavingsSign;
        Cell(SummaryCol.SignChanges).FormulaA1 =
            $"SUMPRODUCT(({b.Later(signs)}*{b.Range(signs, b.FirstRow, b.LastRow - 1)}<0)*1)";

        Cell(SummaryCol.IrrFallbackGuess).Value = comparison.IrrAnnual is { } annual ? Math.Pow(1 + annual, 1.0 / 12) - 1 : IrrNotes.MonthlyGuess;
        Cell(SummaryCol.IrrFallbackGuess).Style.NumberFormat.Format = "0.000000%";
        var noSignChange = $"OR(MAX({savings})<={zero},MIN({savings})>=-{zero})";
        // Like the engine: Newton from 1% a month first; where that does not converge (the engine then scans for a
        // bracket), from Planner's own rate.
        // Descartes' rule of signs proves that no rate exists when every margin is above 0 (FinancialFunctions.ProvedNoIrr).
        var noRate = $"AND(MIN({b.Column(Col.RateMarginBelowZero)})>0,MIN({b.Column(Col.RateMarginAboveZero)})>0)";
        Cell(SummaryCol.PlannerIrrNote).SetValue(PlannerIrrNote(comparison));
        var changes = Ref(SummaryCol.SignChanges);
        // Where the savings change sign more than once, Planner's isolation of the rates decides (formulas cannot repeat it):
        // its note holds for the savings as exported (their absolute sum within 1e-6), and after a change that moves them the
        // note says the rates were not isolated for them.
        var size = Number(exportedSavingsSize);
        var changed = $"AND({changes}>1,ABS(SUMPRODUCT(ABS({savings}))-{size})>{Number(SavingsChangedShare)}*{size})";
        var plannerDecides = $"AND({changes}>1,{Ref(SummaryCol.PlannerIrrNote)}<>\"\")";
        Cell(SummaryCol.Irr).FormulaA1 =
            $"IF(OR({noSignChange},{noRate}),{Text(NoIrr)},IFERROR((1+IFERROR(IRR({savings},{Number(IrrNotes.MonthlyGuess)}),IRR({savings},{Ref(SummaryCol.IrrFallbackGuess)})))^12-1,"
            + $"IF(OR({changed},{plannerDecides}),{Text(NoIrr)},NA())))";
        Cell(SummaryCol.Irr).Style.NumberFormat.Format = "0.00%";
        var irr = Ref(SummaryCol.Irr);
        Cell(SummaryCol.IrrNote).FormulaA1 =
            $"IF(MAX({savings})<={zero},{Text(IrrNotes.NeverPositive)},"
            + $"IF(MIN({savings})>=-{zero},{Text(IrrNotes.NeverNegative)},"
            + $"IF({noRate},IF(SUM({savings})<0,{Text(IrrNotes.NoRateBelowZero)},{Text(IrrNotes.NoRateAboveZero)}),"
            + $"IF({changed},{Text(RatesNotIsolated)},"
            + $"IF({plannerDecides},{Ref(SummaryCol.PlannerIrrNote)},"
            + $"IF(ISERROR({irr}),{Text(IrrNotConverged)},"
            + $"IF({irr}>{Number(IrrNotes.HugeAnnualRate)},{Text(IrrNotes.HugeRate)},\"\")))))))";

        Cell(SummaryCol.Payback).FormulaA1 = Payback(b, Col.PaybackSoFar);
        Cell(SummaryCol.DiscountedPayback).FormulaA1 = Payback(b, Col.DiscountedPaybackSoFar);

        var goalSeek = $"Goal Seek: set {Ref(SummaryCol.NpvSavings)} to 0 by changing {inputs.Address("workload.requestsPerMonth")} "
            + $"({inputs["workload.requestsPerMonth"]})";
        if (comparison.BreakEvenRequestsPerMonth is { } breakEven)
        {
            Cell(SummaryCol.BreakEven).Value = breakEven;
            FormatNumber(Cell(SummaryCol.BreakEven), money: false);
            Cell(SummaryCol.BreakEvenCheck).SetValue($"{goalSeek}, starting from Planner's value. Planner's is the lowest such demand up to 1000x the scenario's."
                + (comparison.BreakEvenNote is { } note ? $" Planner: {note}." : ""));
        }
        else
        {
            Cell(SummaryCol.BreakEvenCheck).SetValue($"Planner found none ({comparison.BreakEvenNote}). {goalSeek} to search for yourself.");
        }
    }

    /// <summary>The last month's payback so far, or <see cref="NoPayback"/> when it is one past the horizon (still below zero at the end).</summary>
    private static string Payback(OptionBlock b, Col paybackSoFar)
    {
        var last = b.Cell(paybackSoFar, b.LastRow);
        return $"IF({last}>{b.Cell(Col.Month, b.LastRow)},{Text(NoPayback)},{last})";
    }

    internal static string Letter(SummaryCol column) => XLHelper.GetColumnLetterFromNumber((int)column);

    /// <summary>A number as a formula writes it (invariant, round trip).</summary>
    internal static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A text literal for a formula, quotes doubled; Excel refuses longer literals than 255 characters.</summary>
    private static string Text(string text) => text.Length <= MaxFormulaTextLength
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : throw new InvalidOperationException($"a formula text literal is longer than {MaxFormulaTextLength} characters: {text}");

    /// <summary>
    /// A table of values from the CSV report's column definitions (one definition of each column for both formats):
    /// a header row at <paramref name="row"/>, then one row per item, numbers as numbers. Returns the next free row.
    /// </summary>
    private static int WriteTable<T>(IXLWorksheet sheet, int row, IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> items)
    {
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Cell(row, c + 1).SetValue(columns[c].Header);
        }
        StyleHeader(sheet.Row(row));
        foreach (var item in items)
        {
            row++;
            for (var c = 0; c < columns.Count; c++)
            {
                var text = columns[c].Value(item);
                var cell = sheet.Cell(row, c + 1);
                if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    cell.SetValue(number);
                    FormatNumber(cell, money: false);
                }
                else
                {
                    cell.SetValue(text);
                }
            }
        }
        sheet.Columns(1, columns.Count).Width = 16;
        return row + 1;
    }

    internal static string Quote(string sheet) => "'" + sheet.Replace("'", "''", StringComparison.Ordinal) + "'";

    internal static void StyleHeader(IXLRow row)
    {
        row.Style.Font.Bold = true;
        row.Style.Fill.BackgroundColor = XLColor.FromArgb(0xE8, 0xEE, 0xF4);
    }

    internal static void FormatNumber(IXLCell cell, bool money) =>
        cell.Style.NumberFormat.Format = money ? MoneyFormat : NumberFormat;

    /// <summary>Builds a defined name from an input key (letters, digits, underscores; never a cell reference).</summary>
    internal static string DefinedName(string key)
    {
        var name = new StringBuilder("in_");
        foreach (var ch in key)
        {
            name.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '_');
        }
        return name.ToString();
    }
}

/// <summary>Columns of the Summary sheet's option table (1-based), in the order of <see cref="XlsxReport.SummaryHeaders"/>.</summary>
internal enum SummaryCol
{
    Option = 1,
    Name,
    Kind,
    TotalCost,
    PresentValueByNpv,
    PresentValue,
    PlannerPresentValue,
    LevelizedCost,
    NpvSavings,
    SignChanges,
    IrrFallbackGuess,
    PlannerIrrNote,
    Irr,
    IrrNote,
    Payback,
    DiscountedPayback,
    BreakEven,
    BreakEvenCheck,
    BenefitsPresentValue,
    Npv,
    Roi,
}
