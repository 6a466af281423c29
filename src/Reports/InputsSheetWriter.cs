using ClosedXML.Excel;

namespace Planner.Reports;

/// <summary>
/// Where each input lives on the Inputs sheet: its defined name, which formulas on other sheets use
/// (<c>in_cloud_gpuHourPrice</c>), and its cell address, which instructions to the reader name.
/// </summary>
internal sealed class InputCells(IReadOnlyDictionary<string, string> names, IReadOnlyDictionary<string, string> addresses, bool hasProfile)
{
    /// <summary>The defined name of the monthly discount rate cell, (1 + annual)^(1/12) - 1.</summary>
    public const string MonthlyRate = "in_monthlyDiscountRate";

    /// <summary>The busiest hour's rate over the average: the profile's largest hour factor, else peakToAverage.</summary>
    public const string PeakHourFactor = "in_peakHourFactor";

    /// <summary>The 24 weekday hour factors (with a profile).</summary>
    public const string WeekdayHourFactors = "in_weekdayHourFactors";

    /// <summary>The 24 weekend hour factors (the weekday ones again without a weekend profile).</summary>
    public const string WeekendHourFactors = "in_weekendHourFactors";

    /// <summary>Whether the workload has an hourly profile (then the hour factors are on the sheet).</summary>
    public bool HasProfile => hasProfile;

    /// <summary>The defined name of an input, for use in a formula.</summary>
    public string this[string key] => names.TryGetValue(key, out var name)
        ? name
        : throw new InvalidOperationException($"the evaluation lists no input '{key}'");

    /// <summary>The input's cell as a reader finds it: <c>Inputs!C5</c>.</summary>
    public string Address(string key) => addresses.TryGetValue(key, out var address)
        ? address
        : throw new InvalidOperationException($"the evaluation lists no input '{key}'");

    public bool Has(string key) => names.ContainsKey(key);
}

/// <summary>
/// The Inputs sheet: every input of the evaluation with its value, unit and origin; each value cell has a defined name.
/// The sheet is protected (no password) with every value cell unlocked except the horizon's: the Cash flows sheet has
/// one row per month of the horizon the report was made with, so a changed horizon would silently misstate every figure.
/// </summary>
internal static class InputsSheetWriter
{
    /// <summary>The input whose value sets the sheet's structure rather than a figure.</summary>
    private const string HorizonKey = "horizonMonths";

    internal const string HorizonLockedNote =
        "Locked: the Cash flows sheet has one row per month of this horizon. For another horizon, change the scenario and export the workbook again.";

    private static readonly string[] Headers = ["Key", "Label", "Value", "Unit", "Origin", "Source", "As of", "Reference", "Source URL", "Defined name", "Editable"];

    public static InputCells Write(IXLWorksheet sheet, ReportInput input)
    {
        for (var c = 0; c < Headers.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = Headers[c];
        }
        XlsxReport.StyleHeader(sheet.Row(1));
        sheet.SheetView.FreezeRows(1);

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
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
            var editable = value.Key != HorizonKey;
            sheet.Cell(row, 3).Style.Protection.SetLocked(!editable);
            sheet.Cell(row, 11).SetValue(editable ? "yes" : HorizonLockedNote);
            if (!editable)
            {
                sheet.Cell(row, 3).Style.Fill.BackgroundColor = XLColor.FromArgb(0xEE, 0xEE, 0xEE);
                sheet.Cell(row, 11).Style.Font.Bold = true;
            }
            names[value.Key] = name;
            addresses[value.Key] = $"{sheet.Name}!C{row}";
            row++;
        }

        row++;
        sheet.Cell(row, 1).SetValue("derived.monthlyDiscountRate");
        sheet.Cell(row, 2).SetValue("Monthly discount rate, (1 + annual)^(1/12) - 1");
        sheet.Cell(row, 3).FormulaA1 = $"(1+{names["discountRateAnnual"]})^(1/12)-1";
        sheet.Cell(row, 3).Style.NumberFormat.Format = "0.000000%";
        sheet.Cell(row, 4).SetValue("per month");
        sheet.Cell(row, 5).SetValue("formula");
        sheet.Cell(row, 10).SetValue(InputCells.MonthlyRate);
        sheet.Cell(row, 11).SetValue("no: a formula of the annual rate");
        sheet.Cell(row, 3).AddToNamed(InputCells.MonthlyRate, XLScope.Workbook);

        row = WriteProfile(sheet, input.Scenario.Workload, names, row + 1);

        row += 2;
        sheet.Cell(row, 1).SetValue("Change any value marked editable and every formula follows. The sheet is protected without a password so that "
            + "the horizon stays as exported: " + HorizonLockedNote);
        sheet.Cell(row + 1, 1).SetValue("Constants in formulas: 730 hours per month, 3600 seconds per hour.");
        sheet.Protect().AllowElement(XLSheetProtectionElements.FormatColumns | XLSheetProtectionElements.FormatRows);

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
        sheet.Column(11).Width = 40;
        return new InputCells(names, addresses, input.Scenario.Workload.HourlyShares is not null);
    }

    /// <summary>
    /// The hourly profile (docs/methodology.md, "Demand with a shape"): the weekday and weekend shares as editable cells,
    /// each hour's factor f = 24 × D × share / Σ shares as a formula (D = 7 / (5 + 2v) on weekdays and 7v / (5 + 2v) on
    /// weekend days with a weekend profile, else 1), and the peak hour factor, the largest of them (peakToAverage without a
    /// profile). Returns the last row written.
    /// </summary>
    private static int WriteProfile(IXLWorksheet sheet, CostModel.Scenarios.Workload workload, Dictionary<string, string> names, int row)
    {
        void Derived(int r, string key, string label, string formula, string unit, string? name)
        {
            sheet.Cell(r, 1).SetValue(key);
            sheet.Cell(r, 2).SetValue(label);
            sheet.Cell(r, 3).FormulaA1 = formula;
            XlsxReport.FormatNumber(sheet.Cell(r, 3), money: false);
            sheet.Cell(r, 4).SetValue(unit);
            sheet.Cell(r, 5).SetValue("formula");
            sheet.Cell(r, 11).SetValue("no: a formula");
            if (name is not null)
            {
                sheet.Cell(r, 10).SetValue(name);
                sheet.Cell(r, 3).AddToNamed(name, XLScope.Workbook);
            }
        }
        if (workload.HourlyShares is not { } weekday)
        {
            Derived(row, "derived.peakHourFactor", "Busiest hour's rate / average rate (peakToAverage)", names["workload.peakToAverage"], "ratio", InputCells.PeakHourFactor);
            return row;
        }
        var weekend = workload.WeekendHourlyShares;
        int Shares(string key, string label, IReadOnlyList<double> shares)
        {
            var first = row;
            for (var h = 0; h < shares.Count; h++, row++)
            {
                sheet.Cell(row, 1).SetValue($"workload.{key}[{h}]");
                sheet.Cell(row, 2).SetValue($"{label}, hour {h:00}:00");
                sheet.Cell(row, 3).Value = shares[h];
                XlsxReport.FormatNumber(sheet.Cell(row, 3), money: false);
                sheet.Cell(row, 4).SetValue("share of the day");
                sheet.Cell(row, 5).SetValue("typed");
                sheet.Cell(row, 3).Style.Protection.SetLocked(false);
                sheet.Cell(row, 11).SetValue("yes");
            }
            return first;
        }
        var weekdayFirst = Shares("hourlyShares", "Weekday share of a day's requests", weekday);
        var weekendFirst = weekend is null ? weekdayFirst : Shares("weekendHourlyShares", "Weekend share of a day's requests", weekend);
        var volume = names["workload.weekendDayVolume"];
        var week = $"(5+2*{volume})";
        int Factors(string day, int sharesFirst, string dayVolume, string name)
        {
            var first = row;
            var range = $"$C${sharesFirst}:$C${sharesFirst + 23}";
            for (var h = 0; h < DemandShapeHours; h++, row++)
            {
                Derived(row, $"derived.{day}HourFactor[{h}]", $"{day} hour {h:00}:00: rate / average rate = 24 x day volume x share / sum of shares",
                    $"24*{dayVolume}*C{sharesFirst + h}/SUM({range})", "ratio", null);
            }
            sheet.Range(first, 3, row - 1, 3).AddToNamed(name, XLScope.Workbook);
            return first;
        }
        var weekdayVolume = weekend is null ? "1" : $"7/{week}";
        var weekendVolume = weekend is null ? "1" : $"7*{volume}/{week}";
        Factors("weekday", weekdayFirst, weekdayVolume, InputCells.WeekdayHourFactors);
        Factors("weekend", weekendFirst, weekendVolume, InputCells.WeekendHourFactors);
        Derived(row, "derived.peakHourFactor", "Busiest hour's rate / average rate (the largest hour factor)",
            $"MAX({InputCells.WeekdayHourFactors},{InputCells.WeekendHourFactors})", "ratio", InputCells.PeakHourFactor);
        return row;
    }

    private const int DemandShapeHours = 24;
}
