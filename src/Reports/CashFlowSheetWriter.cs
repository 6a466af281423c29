using ClosedXML.Excel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;

namespace Planner.Reports;

/// <summary>One option's rows on the Cash flows sheet: month 0 on <see cref="FirstRow"/>, month H on <see cref="LastRow"/>.</summary>
internal sealed record OptionBlock(int FirstRow, int LastRow)
{
    private static readonly string Sheet = XlsxReport.Quote(XlsxReport.CashFlowsSheet);

    public static string Letter(Col column) => XLHelper.GetColumnLetterFromNumber((int)column);

    /// <summary>Months 0..H of a column, as a reference from another sheet.</summary>
    public string Column(Col column) => Range(column, FirstRow, LastRow);

    /// <summary>Month 0 of a column.</summary>
    public string First(Col column) => Cell(column, FirstRow);

    /// <summary>Months 1..H of a column.</summary>
    public string Later(Col column) => Range(column, FirstRow + 1, LastRow);

    /// <summary>Rows <paramref name="from"/>..<paramref name="to"/> of a column.</summary>
    public string Range(Col column, int from, int to) => $"{Sheet}!{Letter(column)}{from}:{Letter(column)}{to}";

    /// <summary>One cell of a column.</summary>
    public string Cell(Col column, int row) => $"{Sheet}!{Letter(column)}{row}";
}

/// <summary>
/// The Cash flows sheet: one block per option, a row per month, every cell a formula over the Inputs sheet that
/// mirrors the cost engine (docs/methodology.md) step by step.
/// </summary>
internal static class CashFlowSheetWriter
{
    /// <summary>Headers of the columns from <see cref="Col.SavingsSign"/> on, written for every option but the baseline.</summary>
    internal static readonly string[] ComparisonHeaders =
    [
        "Savings sign (latest not zero)", "Cumulative savings", "Payback month so far", "Discounted savings", "Cumulative discounted savings",
        "Discounted payback month so far",
    ];

    private const string TaxRate = "taxRateAnnual";

    public static IReadOnlyList<OptionBlock> Write(IXLWorksheet sheet, ReportInput input, InputCells inputs)
    {
        var e = input.Evaluation;
        var h = e.HorizonMonths;
        var blocks = new List<OptionBlock>();
        var row = 1;
        foreach (var option in e.Options)
        {
            var first = row + 2;
            blocks.Add(new OptionBlock(first, first + h));
            row = first + h + 2;
        }
        var baseline = blocks[e.Options.ToList().FindIndex(o => o.Id == e.Baseline)];

        for (var i = 0; i < e.Options.Count; i++)
        {
            var option = e.Options[i];
            var block = blocks[i];
            var title = sheet.Cell(block.FirstRow - 2, 1);
            title.SetValue($"{option.Name} ({option.Id}, {option.Kind})");
            title.Style.Font.Bold = true;
            var headerRow = sheet.Row(block.FirstRow - 1);
            for (var c = 0; c < XlsxReport.CashFlowHeaders.Length; c++)
            {
                sheet.Cell(block.FirstRow - 1, c + 1).Value = XlsxReport.CashFlowHeaders[c];
            }
            var kind = OptionKinds.ByJsonName(option.Kind);
            var helpers = kind.SheetHelperHeaders;
            for (var c = 0; c < helpers.Count; c++)
            {
                sheet.Cell(block.FirstRow - 1, (int)CashFlowSheetHelpers.Columns[c]).Value = helpers[c];
            }
            sheet.Cell(block.FirstRow - 1, (int)Col.Depreciation).Value = "Depreciation";
            sheet.Cell(block.FirstRow - 1, (int)Col.BookValueSold).Value = "Book value sold";
            sheet.Cell(block.FirstRow - 1, (int)Col.Financing).Value = "Financing";
            sheet.Cell(block.FirstRow - 1, (int)Col.Interest).Value = "Interest";
            sheet.Cell(block.FirstRow - 1, (int)Col.Lease).Value = "Lease";
            sheet.Cell(block.FirstRow - 1, (int)Col.Tax).Value = "Tax";
            var compared = block != baseline;
            if (compared)
            {
                for (var c = 0; c < ComparisonHeaders.Length; c++)
                {
                    sheet.Cell(block.FirstRow - 1, (int)Col.SavingsSign + c).Value = ComparisonHeaders[c];
                }
                sheet.Cell(block.FirstRow - 1, (int)Col.RateMarginBelowZero).Value = "No-IRR margin, rates below 0 (row j)";
                sheet.Cell(block.FirstRow - 1, (int)Col.RateMarginAboveZero).Value = "No-IRR margin, rates above 0 (row j)";
            }
            XlsxReport.StyleHeader(headerRow);

            var rows = new OptionRows(sheet, input, inputs, option.Id, block, baseline, compared);
            for (var t = 0; t <= h; t++)
            {
                rows.Write(kind, t);
            }
        }
        sheet.SheetView.FreezeColumns(1);
        sheet.Column(1).Width = 8;
        for (var c = 2; c <= (int)Col.RateMarginAboveZero; c++)
        {
            sheet.Column(c).Width = 14;
        }
        return blocks;
    }

    /// <summary>Writes one option's month rows: the columns every kind shares, then the kind's own formulas.</summary>
    private sealed class OptionRows(IXLWorksheet sheet, ReportInput input, InputCells inputs, string optionId, OptionBlock block, OptionBlock baseline,
        bool compared)
    {
        private readonly bool _hasBenefits = input.Scenario.Benefits is not null;
        /// <summary>The typed value plus each value model of <paramref name="basis"/> the scenario uses, as formulas over the Inputs sheet.</summary>
        private string BenefitTerms(ValueBasis basis, string typedKey)
        {
            var terms = new List<string> { inputs[typedKey] };
            foreach (var model in ValueModels.All.Where(m => m.Basis == basis && m.Get(input.Scenario.Benefits!) is not null))
            {
                terms.Add("(" + model.SheetFormula(field => inputs[$"benefits.{model.JsonName}.{field}"]) + ")");
            }
            return string.Join('+', terms);
        }

        public void Write(OptionKindDescriptor kind, int t)
        {
            var row = new MonthRow(sheet, block, t, inputs, optionId, input.Scenario);
            sheet.Cell(row.Row, (int)Col.Month).Value = t;
            row.Set(Col.Requests, t == 0 ? "0" : $"{row.Workload("requestsPerMonth")}*(1+{row.Workload("monthlyGrowth")})^({row.Month}-1)");
            row.Set(Col.Tokens, $"{row[Col.Requests]}*({row.Workload("inputTokensPerRequest")}+{row.Workload("outputTokensPerRequest")})");
            row.Set(Col.Discount, $"(1+{InputCells.MonthlyRate})^(-{row.Month})");
            row.Set(Col.Savings, $"{MonthRow.Cell(Col.Cash, baseline.FirstRow + t)}-{row[Col.Cash]}");
            row.Set(Col.Benefits, _hasBenefits && t > 0
                ? $"({row[Col.Requests]}*({BenefitTerms(ValueBasis.PerRequest, "benefits.valuePerRequest")})+{BenefitTerms(ValueBasis.PerMonth, "benefits.fixedMonthlyValue")})*(1-{inputs[TaxRate]})"
                : "0");
            row.Set(Col.Setup, t == 0 ? row.Input("setupCost") : "0");
            row.Set(Col.Fixed, t == 0 ? "0" : row.Input("fixedMonthly"));
            foreach (var column in new[] { Col.Gpus, Col.Servers, Col.Usage, Col.Compute, Col.EnergyKwh, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Capex, Col.Resale, Col.Depreciation, Col.BookValueSold, Col.Financing, Col.Interest, Col.Lease })
            {
                row.Set(column, "0");
            }
            kind.SheetFormulas(row);
            TaxFormula(row, inputs[TaxRate]);
            row.Set(Col.Cash, string.Join('+', new[] { Col.Usage, Col.Compute, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Capex, Col.Setup, Col.Fixed, Col.Resale, Col.Financing, Col.Lease, Col.Tax }
                .Select(c => row[c])));
            if (compared)
            {
                ComparisonFormulas(row);
            }
        }
    }

    /// <summary>
    /// The month's tax effect (CostEngine's ApplyTax): every category but purchases, resale and loan flows is deductible
    /// when paid, and so is the loan interest; the depreciation shields as much again; a sale (resale) above the book value of what was sold is taxed, below
    /// it deductible.
    /// </summary>
    private static void TaxFormula(MonthRow row, string tax)
    {
        var deductible = string.Join('+', new[] { Col.Usage, Col.Compute, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Setup, Col.Fixed, Col.Depreciation, Col.Interest, Col.Lease }
            .Select(c => row[c]));
        row.Set(Col.Tax, $"-{tax}*({deductible})+{tax}*(-{row[Col.Resale]}-{row[Col.BookValueSold]})");
    }

    /// <summary>
    /// The running figures behind the Summary's sign changes, payback and discounted payback (CostEngine.Payback and
    /// CountSignChanges): a savings value within 1E-9 of zero keeps the previous sign; a cumulative sum counts as
    /// negative below -1E-9 x MAX(1, sum of the absolute values), and the payback so far is the month after the
    /// latest such month.
    /// </summary>
    private static void ComparisonFormulas(MonthRow row)
    {
        var savings = row[Col.Savings];
        var zero = XlsxReport.Number(IrrNotes.ZeroTolerance);
        var previousSign = row.IsMonthZero ? "0" : row.Above(Col.SavingsSign);
        row.Set(Col.SavingsSign, $"IF(ABS({savings})<{zero},{previousSign},SIGN({savings}))");
        row.Set(Col.DiscountedSavings, $"{savings}*{row[Col.Discount]}");
        Cumulative(row, Col.Savings, Col.CumulativeSavings, Col.PaybackSoFar);
        Cumulative(row, Col.DiscountedSavings, Col.CumulativeDiscountedSavings, Col.DiscountedPaybackSoFar);
        NoIrrMargins(row);
    }

    /// <summary>
    /// Descartes' rule of signs on each side of a zero rate, as FinancialFunctions.ProvedNoIrr applies it (docs/methodology.md,
    /// "Finance functions"): row j holds the savings' j-th coefficient, sum_i savings_i C(i, j) for rates below 0 and
    /// sum_i savings_i C(H - i, j) for rates above 0, times the sign of the total, less 1E-9 of the sum of the terms'
    /// absolute values. When every margin of both columns is above 0, no rate makes the savings' present value zero.
    /// (COMBIN(k, j) needs k >= j: the terms with k &lt; j are 0, and k is raised to j there to keep COMBIN defined.)
    /// </summary>
    private static void NoIrrMargins(MonthRow row)
    {
        var savings = row.AllMonths(Col.Savings);
        var months = row.AllMonths(Col.Month);
        var j = row.Month;
        string Margin(string k)
        {
            var binomial = $"({k}>={j})*COMBIN({k}+({k}<{j})*({j}-{k}),{j})";
            return $"SIGN(SUM({savings}))*SUMPRODUCT({savings}*{binomial})-1E-9*SUMPRODUCT(ABS({savings})*{binomial})";
        }
        row.Set(Col.RateMarginBelowZero, Margin(months));
        row.Set(Col.RateMarginAboveZero, Margin($"(MAX({months})-{months})"));
    }

    private static void Cumulative(MonthRow row, Col flows, Col cumulative, Col paybackSoFar)
    {
        row.Set(cumulative, row.IsMonthZero ? row[flows] : $"{row.Above(cumulative)}+{row[flows]}");
        var all = row.AllMonths(flows);
        var tolerance = $"1E-9*MAX(1,SUMIF({all},\">0\")-SUMIF({all},\"<0\"))";
        row.Set(paybackSoFar, $"IF({row[cumulative]}<-{tolerance},{row.Month}+1,{(row.IsMonthZero ? "0" : row.Above(paybackSoFar))})");
    }

    /// <summary>One month's row of an option block: its cells by column, its neighbours, and where formulas go.</summary>
    private sealed class MonthRow(IXLWorksheet sheet, OptionBlock block, int month, InputCells inputs, string optionId, Scenario scenario) : ICashFlowSheetMonth
    {
        public int Row { get; } = block.FirstRow + month;

        public bool IsMonthZero => month == 0;

        public bool IsLastMonth => Row == block.LastRow;

        /// <summary>This row's month number (column A).</summary>
        public string Month => this[Col.Month];

        public string this[Col column] => Cell(column, Row);

        public string Above(Col column) => Cell(column, Row - 1);

        public string Below(Col column) => Cell(column, Row + 1);

        /// <summary>Months 1..this of a column.</summary>
        public string FromMonthOne(Col column) => $"{Cell(column, block.FirstRow + 1)}:{this[column]}";

        public string UpToAbove(Col column) => $"{Cell(column, block.FirstRow)}:{Above(column)}";

        /// <summary>Months 0..H of a column, absolute.</summary>
        public string AllMonths(Col column) =>
            $"${OptionBlock.Letter(column)}${block.FirstRow}:${OptionBlock.Letter(column)}${block.LastRow}";

        /// <summary>An option's inputs as formulas name them: <c>Input("gpuHourPrice")</c> is <c>in_cloud_gpuHourPrice</c>.</summary>
        public string Input(string field) => inputs[$"{optionId}.{field}"];

        public bool HasInput(string field) => inputs.Has($"{optionId}.{field}");

        public string Workload(string field) => inputs[$"workload.{field}"];

        public string Horizon => inputs["horizonMonths"];

        public (ICashFlowSheetMonth Row, OptionKind Kind) Linked(string field)
        {
            var option = scenario.FindOption(optionId) ?? throw new InvalidOperationException($"no option {optionId}");
            var link = OptionKinds.Of(option.Kind).OptionLinks.Single(l => l.Name == field);
            var linked = link.Get(option) is { } id ? scenario.FindOption(id) : null;
            return linked is null
                ? throw new InvalidOperationException($"option {optionId} names no option in {field}")
                : (new MonthRow(sheet, block, month, inputs, linked.Id, scenario), linked.Kind);
        }

        public string PeakHourFactor => InputCells.PeakHourFactor;

        public string? HourFactors(bool weekend) => inputs.HasProfile ? (weekend ? InputCells.WeekendHourFactors : InputCells.WeekdayHourFactors) : null;

        public string HourRate(string factor) => $"{factor}*{SheetFormulas.AverageRate(this)}";

        public static string Cell(Col column, int row) => $"{OptionBlock.Letter(column)}{row}";

        /// <summary>Sets a formula, or the number 0 for "0" (a constant needs no formula).</summary>
        public void Set(Col column, string formula)
        {
            var cell = sheet.Cell(Row, (int)column);
            if (formula == "0")
            {
                cell.Value = 0;
            }
            else
            {
                cell.FormulaA1 = formula;
            }
            if (column is not Col.Servers)
            {
                XlsxReport.FormatNumber(cell, money: column is not (Col.Requests or Col.Tokens or Col.Gpus or Col.EnergyKwh or Col.Discount or Col.Helper1 or Col.Helper2 or Col.Helper3 or Col.Helper5
                    or Col.SavingsSign or Col.PaybackSoFar or Col.DiscountedPaybackSoFar or Col.Helper10 or Col.Helper11 or Col.Helper12));
            }
        }
    }
}
