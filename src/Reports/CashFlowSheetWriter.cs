using ClosedXML.Excel;
using Planner.CostModel.Evaluation;

namespace Planner.Reports;

/// <summary>Columns of an option block on the Cash flows sheet (1-based column numbers).</summary>
internal enum Col
{
    Month = 1,
    Requests,
    Tokens,
    Gpus,
    Servers,
    Usage,
    Compute,
    EnergyKwh,
    Energy,
    Colocation,
    Maintenance,
    Staff,
    Capex,
    Setup,
    Fixed,
    Resale,
    Cash,
    Discount,
    Savings,
    Benefits,

    /// <summary>Cloud: GPU-hours rented. Owned servers: average busy GPUs.</summary>
    Helper1,

    /// <summary>Owned servers: GPUs needed in the peak hour.</summary>
    Helper2,

    /// <summary>Owned servers: servers wanted this month.</summary>
    Helper3,

    /// <summary>Owned servers: resale value at the horizon of this month's purchase.</summary>
    Helper4,

    /// <summary>Compared options: the sign of the latest savings value that is not zero (for counting sign changes).</summary>
    SavingsSign,

    /// <summary>Compared options: savings summed from month 0.</summary>
    CumulativeSavings,

    /// <summary>Compared options: the month after the latest month whose cumulative savings are below zero (the payback so far).</summary>
    PaybackSoFar,

    /// <summary>Compared options: savings times the discount factor.</summary>
    DiscountedSavings,

    CumulativeDiscountedSavings,

    DiscountedPaybackSoFar,
}

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
    private static readonly Dictionary<string, string[]> HelperHeaders = new(StringComparer.Ordinal)
    {
        ["cloud"] = ["GPU-hours"],
        ["onprem"] = ["Busy GPUs (average)", "GPUs needed at peak", "Servers wanted", "Resale value of purchase"],
    };

    /// <summary>Headers of the columns from <see cref="Col.SavingsSign"/> on, written for every option but the baseline.</summary>
    internal static readonly string[] ComparisonHeaders =
    [
        "Savings sign (latest not zero)", "Cumulative savings", "Payback month so far", "Discounted savings", "Cumulative discounted savings",
        "Discounted payback month so far",
    ];

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
            var helpers = HelperHeaders.GetValueOrDefault(option.Kind, []);
            for (var c = 0; c < helpers.Length; c++)
            {
                sheet.Cell(block.FirstRow - 1, (int)Col.Helper1 + c).Value = helpers[c];
            }
            var compared = block != baseline;
            if (compared)
            {
                for (var c = 0; c < ComparisonHeaders.Length; c++)
                {
                    sheet.Cell(block.FirstRow - 1, (int)Col.SavingsSign + c).Value = ComparisonHeaders[c];
                }
            }
            XlsxReport.StyleHeader(headerRow);

            var rows = new OptionRows(sheet, input, inputs, option.Id, block, baseline, compared);
            for (var t = 0; t <= h; t++)
            {
                rows.Write(option.Kind, t);
            }
        }
        sheet.SheetView.FreezeColumns(1);
        sheet.Column(1).Width = 8;
        for (var c = 2; c <= (int)Col.DiscountedPaybackSoFar; c++)
        {
            sheet.Column(c).Width = 14;
        }
        return blocks;
    }

    /// <summary>Writes one option's month rows; <c>In(name)</c> is the Inputs cell of the option's (or the workload's) input.</summary>
    private sealed class OptionRows(IXLWorksheet sheet, ReportInput input, InputCells inputs, string optionId, OptionBlock block, OptionBlock baseline,
        bool compared)
    {
        private readonly bool _hasBenefits = input.Scenario.Benefits is not null;

        private string In(string field) => inputs[$"{optionId}.{field}"];

        private static string W(string field) => $"workload.{field}";

        private string Workload(string field) => inputs[W(field)];

        public void Write(string kind, int t)
        {
            var r = block.FirstRow + t;
            sheet.Cell(r, (int)Col.Month).Value = t;
            Set(r, Col.Requests, t == 0 ? "0" : $"{Workload("requestsPerMonth")}*(1+{Workload("monthlyGrowth")})^({A(r)}-1)");
            Set(r, Col.Tokens, $"{C(Col.Requests, r)}*({Workload("inputTokensPerRequest")}+{Workload("outputTokensPerRequest")})");
            Set(r, Col.Discount, $"(1+{InputCells.MonthlyRate})^(-{A(r)})");
            Set(r, Col.Savings, $"{C(Col.Cash, baseline.FirstRow + t)}-{C(Col.Cash, r)}");
            Set(r, Col.Benefits, _hasBenefits && t > 0 ? $"{C(Col.Requests, r)}*{inputs["benefits.valuePerRequest"]}+{inputs["benefits.fixedMonthlyValue"]}" : "0");
            Set(r, Col.Setup, t == 0 ? In("setupCost") : "0");
            Set(r, Col.Fixed, t == 0 ? "0" : In("fixedMonthly"));
            foreach (var column in new[] { Col.Gpus, Col.Servers, Col.Usage, Col.Compute, Col.EnergyKwh, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Capex, Col.Resale })
            {
                Set(r, column, "0");
            }
            switch (kind)
            {
                case "api":
                    Api(r, t);
                    break;
                case "cloud":
                    Cloud(r, t);
                    break;
                case "onprem":
                    OnPrem(r, t);
                    break;
                default:
                    throw new InvalidOperationException($"unknown option kind '{kind}'");
            }
            Set(r, Col.Cash, string.Join('+', new[] { Col.Usage, Col.Compute, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Capex, Col.Setup, Col.Fixed, Col.Resale }
                .Select(c => C(c, r))));
            if (compared)
            {
                Comparison(r, t);
            }
        }

        /// <summary>
        /// The running figures behind the Summary's sign changes, payback and discounted payback (CostEngine.Payback and
        /// CountSignChanges): a savings value within 1E-9 of zero keeps the previous sign; a cumulative sum counts as
        /// negative below -1E-9 x MAX(1, sum of the absolute values), and the payback so far is the month after the
        /// latest such month.
        /// </summary>
        private void Comparison(int r, int t)
        {
            var savings = C(Col.Savings, r);
            var zero = XlsxReport.Number(IrrNotes.ZeroTolerance);
            var previousSign = t == 0 ? "0" : C(Col.SavingsSign, r - 1);
            Set(r, Col.SavingsSign, $"IF(ABS({savings})<{zero},{previousSign},SIGN({savings}))");
            Set(r, Col.DiscountedSavings, $"{savings}*{C(Col.Discount, r)}");
            Cumulative(r, t, Col.Savings, Col.CumulativeSavings, Col.PaybackSoFar);
            Cumulative(r, t, Col.DiscountedSavings, Col.CumulativeDiscountedSavings, Col.DiscountedPaybackSoFar);
        }

        private void Cumulative(int r, int t, Col flows, Col cumulative, Col paybackSoFar)
        {
            Set(r, cumulative, t == 0 ? C(flows, r) : $"{C(cumulative, r - 1)}+{C(flows, r)}");
            var all = $"${OptionBlock.Letter(flows)}${block.FirstRow}:${OptionBlock.Letter(flows)}${block.LastRow}";
            var tolerance = $"1E-9*MAX(1,SUMIF({all},\">0\")-SUMIF({all},\"<0\"))";
            Set(r, paybackSoFar, $"IF({C(cumulative, r)}<-{tolerance},{A(r)}+1,{(t == 0 ? "0" : C(paybackSoFar, r - 1))})");
        }

        private void Api(int r, int t)
        {
            if (t == 0)
            {
                return;
            }
            var pricePerRequest = $"({Workload("inputTokensPerRequest")}*{In("inputPricePerMillion")}+{Workload("outputTokensPerRequest")}*{In("outputPricePerMillion")})/1000000";
            Set(r, Col.Usage, $"{C(Col.Requests, r)}*{pricePerRequest}*{PriceFactor(r)}");
        }

        private void Cloud(int r, int t)
        {
            if (t == 0)
            {
                return;
            }
            Set(r, Col.Helper1, $"MAX({C(Col.Requests, r)}*{GpuSecondsPerRequest()}/3600/{In("targetUtilization")},{In("minGpus")}*730)");
            Set(r, Col.Gpus, $"{C(Col.Helper1, r)}/730");
            Set(r, Col.Compute, $"{C(Col.Helper1, r)}*{In("gpuHourPrice")}*{PriceFactor(r)}");
            Set(r, Col.Staff, Staff());
        }

        private void OnPrem(int r, int t)
        {
            var price = In("serverPrice");
            var last = block.LastRow;
            // Servers for month t + 1 are bought at the end of month t.
            Set(r, Col.Capex, r < last ? $"({C(Col.Servers, r + 1)}-{C(Col.Servers, r)})*{price}" : "0");
            if (t == 0)
            {
                return;
            }
            var busy = C(Col.Helper1, r);
            Set(r, Col.Helper1, $"{C(Col.Requests, r)}*{GpuSecondsPerRequest()}/(730*3600)");
            Set(r, Col.Helper2, CeilTolerant($"{Workload("peakToAverage")}*{busy}/{In("targetUtilization")}"));
            Set(r, Col.Helper3, $"MAX({In("minServers")},{CeilTolerant($"{C(Col.Helper2, r)}/{In("gpusPerServer")}")})");
            Set(r, Col.Servers, $"MAX({C(Col.Servers, r - 1)},{C(Col.Helper3, r)})");
            Set(r, Col.Gpus, $"{C(Col.Servers, r)}*{In("gpusPerServer")}");
            var power = In("serverPowerKw");
            var idle = $"MIN({In("serverIdlePowerKw")},{power})";
            var load = $"IF({C(Col.Gpus, r)}>0,MIN(1,{busy}/{C(Col.Gpus, r)}),0)";
            Set(r, Col.EnergyKwh, $"{C(Col.Servers, r)}*730*({idle}+({power}-{idle})*{load})*{In("pue")}");
            Set(r, Col.Energy, $"{C(Col.EnergyKwh, r)}*{In("electricityPerKwh")}");
            Set(r, Col.Colocation, $"{C(Col.Servers, r)}*{power}*{In("colocationPerKwMonth")}");
            Set(r, Col.Maintenance, $"{C(Col.Servers, r)}*{price}*{In("maintenanceRateAnnual")}/12");
            Set(r, Col.Staff, Staff());
            Set(r, Col.Helper4, $"({C(Col.Servers, r)}-{C(Col.Servers, r - 1)})*{price}*MAX(0,1-({inputs["horizonMonths"]}-{A(r)}+1)/(12*{In("depreciationYears")}))*{In("resaleValueFraction")}");
            if (r == last)
            {
                Set(r, Col.Resale, $"-SUM({C(Col.Helper4, block.FirstRow + 1)}:{C(Col.Helper4, last)})");
            }
        }

        /// <summary>GPU-seconds per request: input tokens at the prefill rate plus output tokens at the decode rate (no tokens need no rate).</summary>
        private string GpuSecondsPerRequest()
        {
            var input = Workload("inputTokensPerRequest");
            var output = Workload("outputTokensPerRequest");
            var prefill = inputs.Has($"{optionId}.prefillTokensPerGpuSecond") ? $"IF({input}>0,{input}/{In("prefillTokensPerGpuSecond")},0)" : "0";
            var decode = inputs.Has($"{optionId}.decodeTokensPerGpuSecond") ? $"IF({output}>0,{output}/{In("decodeTokensPerGpuSecond")},0)" : "0";
            return $"({prefill}+{decode})";
        }

        private string Staff() => $"{In("staffFte")}*{In("fteAnnualCost")}/12";

        private string PriceFactor(int r) => $"(1+{In("annualPriceChange")})^(({A(r)}-1)/12)";

        /// <summary>The engine's tolerant ceiling: within 1e-9 (relative) of a whole number counts as that number.</summary>
        private static string CeilTolerant(string x) =>
            $"IF(ABS({x}-ROUND({x},0))<=1E-9*MAX(1,ABS({x})),ROUND({x},0),ROUNDUP({x},0))";

        private static string A(int r) => C(Col.Month, r);

        private static string C(Col column, int r) => $"{OptionBlock.Letter(column)}{r}";

        /// <summary>Sets a formula, or the number 0 for "0" (a constant needs no formula).</summary>
        private void Set(int r, Col column, string formula)
        {
            var cell = sheet.Cell(r, (int)column);
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
                XlsxReport.FormatNumber(cell, money: column is not (Col.Requests or Col.Tokens or Col.Gpus or Col.EnergyKwh or Col.Discount or Col.Helper1 or Col.Helper2 or Col.Helper3
                    or Col.SavingsSign or Col.PaybackSoFar or Col.DiscountedPaybackSoFar));
            }
        }
    }
}
