using System.Text;
using ClosedXML.Excel;
using Planner.CostModel.Evaluation;

namespace Planner.Reports;

/// <summary>
/// The auditable workbook (docs/reports.md, "Workbook"): an Inputs sheet with every input and its origin, a Cash flows
/// sheet whose monthly rows are live formulas over the inputs, and a Summary sheet that computes present values with the
/// spreadsheet's own NPV and IRR next to Planner's figures. Formulas use only functions that ClosedXML's engine also
/// evaluates (SUM, SUMPRODUCT, MAX, MIN, ROUND, ROUNDUP, ABS, IF, INDEX, MATCH) except NPV and IRR on the Summary sheet,
/// which are checked in the tests against the spreadsheet definitions. When the report has them, a Risk sheet (the Monte
/// Carlo statistics) and a Projections sheet hold values with the CSV report's columns.
/// </summary>
public static class XlsxReport
{
    public const string InputsSheet = "Inputs";
    public const string CashFlowsSheet = "Cash flows";
    public const string SummarySheet = "Summary";
    public const string RiskSheet = "Risk";
    public const string ProjectionsSheet = "Projections";

    /// <summary>The IRR guess, the same as the cost engine's: 1% a month.</summary>
    private const string IrrGuess = "0.01";

    private const string MoneyFormat = "#,##0.00";
    private const string NumberFormat = "#,##0.####";

    /// <summary>Cash flows columns (one block per option, same columns for every kind; unused ones stay 0).</summary>
    internal static readonly string[] CashFlowHeaders =
    [
        "Month", "Requests", "Tokens", "GPUs", "Servers", "Usage", "Compute", "Energy kWh", "Energy", "Colocation",
        "Maintenance", "Staff", "Capex", "Setup", "Fixed", "Resale", "Cash", "Discount factor", "Savings vs baseline", "Benefits",
    ];

    /// <summary>Summary table columns, from column A.</summary>
    internal static readonly string[] SummaryHeaders =
    [
        "Option", "Name", "Kind", "Total cost", "Present value (NPV)", "Present value (discount factors)", "Planner present value",
        "Levelized cost per 1M tokens", "NPV savings vs baseline", "IRR on savings (annual)", "Benefits PV", "NPV (benefits - cost)", "ROI",
    ];

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
        sheet.Cell(3, 2).FormulaA1 = inputs.MonthlyRate;
        sheet.Cell(3, 2).Style.NumberFormat.Format = "0.0000%";
        sheet.Cell(4, 1).Value = "Recommendation (lowest present value)";
        sheet.Cell(5, 1).Value = "Planner's recommendation";
        sheet.Cell(5, 2).SetValue(e.Recommendation);

        const int headerRow = 7;
        for (var c = 0; c < SummaryHeaders.Length; c++)
        {
            sheet.Cell(headerRow, c + 1).Value = SummaryHeaders[c];
        }
        sheet.Row(headerRow).Style.Font.Bold = true;
        sheet.Row(headerRow).Style.Alignment.WrapText = true;

        var rate = inputs.MonthlyRate;
        var hasBenefits = input.Scenario.Benefits is not null;
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            var o = e.Options[i];
            var comparison = e.Comparisons.FirstOrDefault(c => c.Option == o.Id);
            var row = headerRow + 1 + i;
            sheet.Cell(row, 1).SetValue(o.Id);
            sheet.Cell(row, 2).SetValue(o.Name);
            sheet.Cell(row, 3).SetValue(o.Kind);
            sheet.Cell(row, 4).FormulaA1 = $"SUM({b.Column(Col.Cash)})";
            sheet.Cell(row, 5).FormulaA1 = $"{b.First(Col.Cash)}+NPV({rate},{b.Later(Col.Cash)})";
            sheet.Cell(row, 6).FormulaA1 = $"SUMPRODUCT({b.Column(Col.Cash)},{b.Column(Col.Discount)})";
            sheet.Cell(row, 7).Value = o.PresentValue;
            sheet.Cell(row, 8).FormulaA1 = o.LevelizedCostPerMillionTokens is null
                ? "\"-\""
                : $"F{row}/SUMPRODUCT({b.Column(Col.Tokens)},{b.Column(Col.Discount)})*1000000";
            if (comparison is not null)
            {
                sheet.Cell(row, 9).FormulaA1 = $"{b.First(Col.Savings)}+NPV({rate},{b.Later(Col.Savings)})";
                if (comparison.IrrAnnual is not null)
                {
                    sheet.Cell(row, 10).FormulaA1 = $"(1+IRR({b.Column(Col.Savings)},{IrrGuess}))^12-1";
                    sheet.Cell(row, 10).Style.NumberFormat.Format = "0.00%";
                }
                else
                {
                    sheet.Cell(row, 10).SetValue(comparison.IrrNote ?? "no IRR");
                }
            }
            else
            {
                sheet.Cell(row, 9).SetValue("baseline");
            }
            if (hasBenefits)
            {
                sheet.Cell(row, 11).FormulaA1 = $"{b.First(Col.Benefits)}+NPV({rate},{b.Later(Col.Benefits)})";
                sheet.Cell(row, 12).FormulaA1 = $"SUMPRODUCT({b.Column(Col.Benefits)},{b.Column(Col.Discount)})-F{row}";
                sheet.Cell(row, 13).FormulaA1 = $"L{row}/F{row}";
                sheet.Cell(row, 13).Style.NumberFormat.Format = "0.00%";
            }
            foreach (var c in new[] { 4, 5, 6, 7, 8, 9, 11, 12 })
            {
                sheet.Cell(row, c).Style.NumberFormat.Format = MoneyFormat;
            }
        }
        var firstRow = headerRow + 1;
        var lastRow = headerRow + blocks.Count;
        sheet.Cell(4, 2).FormulaA1 = $"INDEX(A{firstRow}:A{lastRow},MATCH(MIN(F{firstRow}:F{lastRow}),F{firstRow}:F{lastRow},0))";

        var notes = lastRow + 2;
        sheet.Cell(notes, 1).Value = "How to read";
        sheet.Cell(notes, 1).Style.Font.Bold = true;
        string[] lines =
        [
            "Month 0 is today (set-up, first purchases); NPV() discounts its first value one period, so month 0 is added outside it.",
            "The monthly rate is (1 + annual rate)^(1/12) - 1 (Inputs sheet). IRR is monthly on the savings stream, annualized as (1 + IRR)^12 - 1.",
            "Present value (discount factors) is SUMPRODUCT(cash, (1 + m)^-t): the same number without NPV().",
            "Change a value on the Inputs sheet and every formula follows; Planner present value is the figure the report was generated with.",
        ];
        for (var i = 0; i < lines.Length; i++)
        {
            sheet.Cell(notes + 1 + i, 1).SetValue(lines[i]);
        }
        sheet.Column(1).Width = 36;
        sheet.Column(2).Width = 24;
        for (var c = 3; c <= SummaryHeaders.Length; c++)
        {
            sheet.Column(c).Width = 18;
        }
    }

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
