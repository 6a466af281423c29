using ClosedXML.Excel;

namespace Planner.Reports;

/// <summary>Where each input lives on the Inputs sheet, as the formula text other sheets use to refer to it.</summary>
internal sealed class InputCells(IReadOnlyDictionary<string, string> references, string monthlyRate)
{
    /// <summary>The monthly discount rate cell, (1 + annual)^(1/12) - 1.</summary>
    public string MonthlyRate { get; } = monthlyRate;

    public string this[string key] => references.TryGetValue(key, out var reference)
        ? reference
        : throw new InvalidOperationException($"the evaluation lists no input '{key}'");

    public bool Has(string key) => references.ContainsKey(key);
}

/// <summary>The Inputs sheet: every input of the evaluation with its value, unit and origin; each value cell has a defined name.</summary>
internal static class InputsSheetWriter
{
    private static readonly string[] Headers = ["Key", "Label", "Value", "Unit", "Origin", "Source", "As of", "Reference", "Source URL", "Defined name"];

    public static InputCells Write(IXLWorksheet sheet, ReportInput input)
    {
        for (var c = 0; c < Headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = Headers[c];
        }
        XlsxReport.StyleHeader(sheet.Row(1));
        sheet.SheetView.FreezeRows(1);

        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        var row = 2;
        foreach (var value in input.Evaluation.Inputs)
        {
            var name = XlsxReport.DefinedName(value.Key);
            sheet.Cell(row, 1).SetValue(value.Key);
            sheet.Cell(row, 2).SetValue(value.Label);
            sheet.Cell(row, 3).Value = value.Value;
            XlsxReport.FormatNumber(sheet.Cell(row, 3), money: false);
            sheet.Cell(row, 4).SetValue(value.Unit);
            sheet.Cell(row, 5).SetValue(value.Origin.Kind.ToString().ToLowerInvariant());
            sheet.Cell(row, 6).SetValue(value.Origin.Source);
            sheet.Cell(row, 7).SetValue(value.Origin.AsOf ?? "");
            sheet.Cell(row, 8).SetValue(value.Origin.Reference ?? "");
            sheet.Cell(row, 9).SetValue(value.Origin.SourceUrl ?? "");
            sheet.Cell(row, 10).SetValue(name);
            sheet.Cell(row, 3).AddToNamed(name, XLScope.Workbook);
            references[value.Key] = $"{XlsxReport.Quote(sheet.Name)}!$C${row}";
            row++;
        }

        row++;
        sheet.Cell(row, 1).SetValue("derived.monthlyDiscountRate");
        sheet.Cell(row, 2).SetValue("Monthly discount rate, (1 + annual)^(1/12) - 1");
        sheet.Cell(row, 3).FormulaA1 = $"(1+{references["discountRateAnnual"]})^(1/12)-1";
        sheet.Cell(row, 3).Style.NumberFormat.Format = "0.000000%";
        sheet.Cell(row, 4).SetValue("per month");
        sheet.Cell(row, 5).SetValue("formula");
        sheet.Cell(row, 10).SetValue("in_monthlyDiscountRate");
        sheet.Cell(row, 3).AddToNamed("in_monthlyDiscountRate", XLScope.Workbook);
        var monthlyRate = $"{XlsxReport.Quote(sheet.Name)}!$C${row}";

        row += 2;
        sheet.Cell(row, 1).SetValue("The horizon sets the number of month rows on the Cash flows sheet; changing it here does not add or remove rows.");
        sheet.Cell(row + 1, 1).SetValue("Constants in formulas: 730 hours per month, 3600 seconds per hour.");

        sheet.Column(1).Width = 34;
        sheet.Column(2).Width = 36;
        sheet.Column(3).Width = 16;
        sheet.Column(4).Width = 18;
        sheet.Column(5).Width = 11;
        sheet.Column(6).Width = 40;
        sheet.Column(7).Width = 12;
        sheet.Column(8).Width = 30;
        sheet.Column(9).Width = 30;
        sheet.Column(10).Width = 34;
        return new InputCells(references, monthlyRate);
    }
}
