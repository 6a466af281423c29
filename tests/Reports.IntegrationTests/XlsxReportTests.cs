using Col = Planner.CostModel.Evaluation.CashFlowSheetColumn;
using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Finance;
using Planner.CostModel.Scenarios;

namespace Planner.Reports.IntegrationTests;

/// <summary>
/// Opens the saved workbook with ClosedXML and evaluates its formulas: a quick check without another spreadsheet.
/// ClosedXML 0.95 has no NPV, so those cells are checked by reading their formula, evaluating each argument with
/// ClosedXML and applying the spreadsheet definition (Planner's FinancialFunctions follow it). The IRR, its note and
/// the payback cells are checked where a real spreadsheet computes them (<see cref="WorkbookRecalculationTests"/>).
/// </summary>
public sealed partial class XlsxReportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-xlsx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // "targets-weekends" rents flat; the hour-by-hour SUMPRODUCT of a cloud option following the profile is beyond ClosedXML's
    // formula engine, so that case is checked by LibreOffice only (RecalculationCases, "targets-following").
    public static TheoryData<string> Variants => ["example", "sixty", "finance", "leased", "targets-weekends"];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Workbook_formulas_evaluate_to_Plannerʼs_numbers_for_every_option_kind(string variant)
    {
        var scenario = variant switch
        {
            "example" => Scenarios.Example(),
            "sixty" => Scenarios.SixtyMonths(),
            "finance" => Scenarios.WithFinance(withLoan: true),
            "targets-weekends" => Scenarios.WithTargets(weekend: true),
            _ => Scenarios.WithFinance(leased: true),
        };
        var input = Scenarios.Input(scenario);
        var evaluation = input.Evaluation;
        using var workbook = SaveAndOpen(input);
        var summary = workbook.Worksheet(XlsxReport.SummarySheet);
        var cashFlows = workbook.Worksheet(XlsxReport.CashFlowsSheet);

        Assert.Equal(["api", "cloud", "onprem"], evaluation.Options.Select(o => o.Kind).ToArray());
        for (var i = 0; i < evaluation.Options.Count; i++)
        {
            var option = evaluation.Options[i];
            var row = summary.Row(8 + i);
            Assert.Equal(option.Id, row.Cell(1).GetString());

            // Month rows: every category of every month.
            var first = FirstMonthRow(cashFlows, option);
            foreach (var month in option.Months)
            {
                var r = cashFlows.Row(first + month.Month);
                Close(month.Requests, r.Cell(2), $"{option.Id} requests month {month.Month}");
                Close(month.Tokens, r.Cell(3), $"{option.Id} tokens month {month.Month}");
                Close(month.Gpus, r.Cell(4), $"{option.Id} gpus month {month.Month}");
                Close(month.Servers, r.Cell(5), $"{option.Id} servers month {month.Month}");
                Close(month.Usage, r.Cell(6), $"{option.Id} usage month {month.Month}");
                Close(month.Compute, r.Cell(7), $"{option.Id} compute month {month.Month}");
                Close(month.EnergyKwh, r.Cell(8), $"{option.Id} kWh month {month.Month}");
                Close(month.Energy, r.Cell(9), $"{option.Id} energy month {month.Month}");
                Close(month.Colocation, r.Cell(10), $"{option.Id} colocation month {month.Month}");
                Close(month.Maintenance, r.Cell(11), $"{option.Id} maintenance month {month.Month}");
                Close(month.Staff, r.Cell(12), $"{option.Id} staff month {month.Month}");
                Close(month.Capex, r.Cell(13), $"{option.Id} capex month {month.Month}");
                Close(month.Setup, r.Cell(14), $"{option.Id} setup month {month.Month}");
                Close(month.Fixed, r.Cell(15), $"{option.Id} fixed month {month.Month}");
                Close(month.Resale, r.Cell(16), $"{option.Id} resale month {month.Month}");
                Close(month.Cash, r.Cell(17), $"{option.Id} cash month {month.Month}");
                Close(month.Depreciation, r.Cell((int)Col.Depreciation), $"{option.Id} depreciation month {month.Month}");
                Close(month.Tax, r.Cell((int)Col.Tax), $"{option.Id} tax month {month.Month}");
                Close(month.Financing, r.Cell((int)Col.Financing), $"{option.Id} financing month {month.Month}");
                Close(month.Interest, r.Cell((int)Col.Interest), $"{option.Id} interest month {month.Month}");
                Close(month.Lease, r.Cell((int)Col.Lease), $"{option.Id} lease month {month.Month}");
            }

            Close(option.TotalCost, row.Cell((int)SummaryCol.TotalCost), "total cost");
            Close(option.PresentValue, row.Cell((int)SummaryCol.PresentValue), "present value by discount factors");
            Close(option.PresentValue, EvaluateNpvFormula(workbook, row.Cell((int)SummaryCol.PresentValueByNpv)), "present value by NPV()");
            Close(option.LevelizedCostPerMillionTokens!.Value, row.Cell((int)SummaryCol.LevelizedCost), "levelized cost");
            Close(option.Npv!.Value, row.Cell((int)SummaryCol.Npv), "NPV");
            Close(option.Roi!.Value, row.Cell((int)SummaryCol.Roi), "ROI");
            Close(evaluation.BenefitsPresentValue!.Value, EvaluateNpvFormula(workbook, row.Cell((int)SummaryCol.BenefitsPresentValue)), "benefits PV");

            var comparison = evaluation.Comparisons.FirstOrDefault(c => c.Option == option.Id);
            if (comparison is not null)
            {
                Close(comparison.NpvSavings, EvaluateNpvFormula(workbook, row.Cell((int)SummaryCol.NpvSavings)), "NPV savings");
            }
        }
        Assert.Equal(evaluation.Recommendation, summary.Cell(4, 2).Value.ToString());
    }

    [Fact]
    public void The_finance_parts_workbook_case_replaces_servers_mid_horizon_and_is_taxed()
    {
        var onPrem = Scenarios.Input(Scenarios.WithFinance(depreciationYears: 3, withLoan: true)).Evaluation.GetOption("onprem");

        Assert.Contains(onPrem.Months.SkipLast(1), m => m.Resale < 0 && m.Capex > 0);
        Assert.All(onPrem.Months.Skip(1), m => Assert.NotEqual(0, m.Tax));
        Assert.True(onPrem.Months[^1].Staff > onPrem.Months[1].Staff);
        Assert.True(onPrem.Months[0].Financing < 0 && onPrem.Months[^1].Financing > 0 && onPrem.Months[1].Interest > 0);
        var leased = Scenarios.Input(Scenarios.WithFinance(leased: true)).Evaluation.GetOption("onprem");
        Assert.Equal(0, leased.Capex);
        Assert.True(leased.Months[0].Lease > 0 && leased.Months[18].Lease > 0 && leased.Months[^1].Lease == 0);
    }

    [Fact]
    public void Risk_and_projection_sheets_hold_the_simulated_and_projected_values()
    {
        var input = Scenarios.SimulatedWithProjection();
        var simulation = input.Simulation!;
        using var workbook = SaveAndOpen(input);

        var risk = workbook.Worksheet(XlsxReport.RiskSheet);
        var header = risk.Row(3).Cells(1, 40).Select(c => c.GetString()).ToList();
        for (var i = 0; i < simulation.Options.Count; i++)
        {
            var row = risk.Row(4 + i);
            var option = simulation.Options[i];
            Assert.Equal(option.Id, row.Cell(1).GetString());
            // A workbook keeps 15 significant digits.
            Assert.Equal(option.ProbabilityCheapest, row.Cell(header.IndexOf("probabilityCheapest") + 1).GetDouble(), 1e-12);
            Assert.Equal(option.PresentValue.P50, row.Cell(header.IndexOf("presentValueP50") + 1).GetDouble(), 1e-12 * option.PresentValue.P50);
        }
        var inputsHeader = 4 + simulation.Options.Count + 1;
        Assert.Equal("input", risk.Cell(inputsHeader, 1).GetString());
        Assert.Equal(simulation.Tornado[0].Input, risk.Cell(inputsHeader + 1, 1).GetString());

        var projections = workbook.Worksheet(XlsxReport.ProjectionsSheet);
        var columns = projections.Row(3).Cells(1, 30).Select(c => c.GetString()).ToList();
        var prefill = input.Projections[0].Projection.PrefillTokensPerSecondPerGpu;
        Assert.Equal(prefill, projections.Cell(4, columns.IndexOf("prefillTokensPerSecondPerGpu") + 1).GetDouble(), 1e-12 * prefill);
    }

    [Fact]
    public void On_prem_fleet_in_the_sixty_month_workbook_grows_and_is_resold_at_the_horizon()
    {
        var input = Scenarios.Input(Scenarios.SixtyMonths());
        var onPrem = input.Evaluation.GetOption("onprem");
        Assert.True(onPrem.Months.Count(m => m.Capex > 0) > 1, "the test needs purchases after month 0");
        using var workbook = SaveAndOpen(input);
        var sheet = workbook.Worksheet(XlsxReport.CashFlowsSheet);
        var first = FirstMonthRow(sheet, onPrem);
        Assert.StartsWith("MAX(", sheet.Cell(first + 30, 5).FormulaA1, StringComparison.Ordinal);
        Assert.Contains("ROUNDUP(", sheet.Cell(first + 30, 23).FormulaA1, StringComparison.Ordinal);
        Close(onPrem.Months[^1].Resale, sheet.Cell(first + 60, 16), "resale");
        Assert.True(onPrem.Months[^1].Resale < 0);
    }

    [Fact]
    public void Changing_an_input_cell_moves_the_cash_flows_like_the_engine()
    {
        var scenario = Scenarios.Example();
        var input = Scenarios.Input(scenario);
        using var workbook = SaveAndOpen(input);
        var inputs = workbook.Worksheet(XlsxReport.InputsSheet);
        var priceRow = inputs.RowsUsed().First(r => r.Cell(1).GetString() == "cloud.gpuHourPrice");
        priceRow.Cell(3).Value = 3.25;

        var changed = scenario with
        {
            Options = scenario.Options.Select(o => o is CloudOption c ? c with { GpuHourPrice = 3.25 } : o).ToList(),
        };
        var expected = CostEngine.Evaluate(changed).GetOption("cloud").PresentValue;
        Close(expected, workbook.Worksheet(XlsxReport.SummarySheet).Cell(9, 6), "cloud PV after the price change");
    }

    [Fact]
    public void Inputs_sheet_lists_every_input_with_origin_and_a_defined_name()
    {
        var input = Scenarios.Input(Scenarios.Example());
        using var workbook = SaveAndOpen(input);
        var sheet = workbook.Worksheet(XlsxReport.InputsSheet);
        for (var i = 0; i < input.Evaluation.Inputs.Count; i++)
        {
            var value = input.Evaluation.Inputs[i];
            var row = sheet.Row(2 + i);
            Assert.Equal(value.Key, row.Cell(1).GetString());
            Assert.Equal(value.Value, row.Cell(3).GetDouble());
            Assert.Equal(value.Origin.Source, row.Cell(6).GetString());
            Assert.True(workbook.NamedRanges.Contains(row.Cell(10).GetString()), $"no defined name for {value.Key}");
        }
    }

    [Fact]
    public void Horizon_cell_is_locked_with_a_visible_note_while_every_other_input_stays_editable()
    {
        var input = Scenarios.Input(Scenarios.Example());
        using var workbook = SaveAndOpen(input);
        var sheet = workbook.Worksheet(XlsxReport.InputsSheet);
        Assert.True(sheet.IsProtected, "the Inputs sheet is not protected");
        for (var i = 0; i < input.Evaluation.Inputs.Count; i++)
        {
            var row = sheet.Row(2 + i);
            var horizon = input.Evaluation.Inputs[i].Key == "horizonMonths";
            Assert.Equal(horizon, row.Cell(3).Style.Protection.Locked);
            Assert.Equal(horizon ? InputsSheetWriter.HorizonLockedNote : "yes", row.Cell(11).GetString());
        }
    }

    [Fact]
    public void Formulas_read_inputs_by_their_defined_names()
    {
        var input = Scenarios.Input(Scenarios.Example());
        using var workbook = SaveAndOpen(input);
        var formulas = workbook.Worksheets.SelectMany(w => w.CellsUsed(c => c.HasFormula)).Select(c => c.FormulaA1).ToList();
        Assert.DoesNotContain(formulas, f => f.Contains(XlsxReport.InputsSheet + "!", StringComparison.Ordinal));
        var sheet = workbook.Worksheet(XlsxReport.CashFlowsSheet);
        var month1 = FirstMonthRow(sheet, input.Evaluation.GetOption("cloud")) + 1;
        // GPU-hours above the commitment (none without reservedGpus) on demand, plus the reserved charge in V.
        Assert.Equal($"MAX(U{month1}-in_cloud_reservedGpus*730,0)*in_cloud_gpuHourPrice*(1+in_cloud_annualPriceChange)^((A{month1}-1)/12)*(1-in_cloud_spotDiscount)+V{month1}",
            sheet.Cell(month1, (int)Col.Compute).FormulaA1);
    }

    private XLWorkbook SaveAndOpen(ReportInput input)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".xlsx");
        using (var file = File.Create(path))
        {
            XlsxReport.Write(input, file);
        }
        return new XLWorkbook(path);
    }

    private static int FirstMonthRow(IXLWorksheet sheet, OptionResult option) =>
        sheet.RowsUsed().First(r => r.Cell(1).GetString().EndsWith($"({option.Id}, {option.Kind})", StringComparison.Ordinal)).RowNumber() + 2;

    private static void Close(double expected, IXLCell cell, string what) => Close(expected, Convert.ToDouble(cell.Value, CultureInfo.InvariantCulture), what);

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, workbook {actual:R}");

    /// <summary>Evaluates "FIRST+NPV(RATE,RANGE)" as a spreadsheet does.</summary>
    private static double EvaluateNpvFormula(XLWorkbook workbook, IXLCell cell)
    {
        var match = NpvFormula().Match(cell.FormulaA1);
        Assert.True(match.Success, $"not FIRST+NPV(RATE,RANGE): {cell.FormulaA1}");
        return Value(workbook, match.Groups["first"].Value)
            + FinancialFunctions.Npv(Value(workbook, match.Groups["rate"].Value), Values(workbook, match.Groups["range"].Value));
    }

    private static double Value(XLWorkbook workbook, string reference) => Convert.ToDouble(Cells(workbook, reference).Single().Value, CultureInfo.InvariantCulture);

    private static double[] Values(XLWorkbook workbook, string reference) =>
        Cells(workbook, reference).Select(c => Convert.ToDouble(c.Value, CultureInfo.InvariantCulture)).ToArray();

    private static IEnumerable<IXLCell> Cells(XLWorkbook workbook, string reference)
    {
        if (reference.StartsWith("in_", StringComparison.Ordinal))
        {
            return workbook.NamedRange(reference).Ranges.Single().Cells();
        }
        var bang = reference.LastIndexOf('!');
        var sheet = reference[..bang].Trim('\'').Replace("''", "'", StringComparison.Ordinal);
        return workbook.Worksheet(sheet).Range(reference[(bang + 1)..].Replace("$", "", StringComparison.Ordinal)).Cells();
    }

    [GeneratedRegex(@"^(?<first>[^+]+)\+NPV\((?<rate>[^,]+),(?<range>[^)]+)\)$")]
    private static partial Regex NpvFormula();
}
