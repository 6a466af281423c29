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

    /// <summary>Writes one option's month rows: the columns every kind shares, then the kind's own formulas.</summary>
    private sealed class OptionRows(IXLWorksheet sheet, ReportInput input, InputCells inputs, string optionId, OptionBlock block, OptionBlock baseline,
        bool compared)
    {
        private readonly bool _hasBenefits = input.Scenario.Benefits is not null;
        private readonly OptionInputs _option = new(inputs, optionId);

        public void Write(string kind, int t)
        {
            var row = new MonthRow(sheet, block, t);
            sheet.Cell(row.Row, (int)Col.Month).Value = t;
            row.Set(Col.Requests, t == 0 ? "0" : $"{_option.Workload("requestsPerMonth")}*(1+{_option.Workload("monthlyGrowth")})^({row.Month}-1)");
            row.Set(Col.Tokens, $"{row[Col.Requests]}*({_option.Workload("inputTokensPerRequest")}+{_option.Workload("outputTokensPerRequest")})");
            row.Set(Col.Discount, $"(1+{InputCells.MonthlyRate})^(-{row.Month})");
            row.Set(Col.Savings, $"{MonthRow.Cell(Col.Cash, baseline.FirstRow + t)}-{row[Col.Cash]}");
            row.Set(Col.Benefits, _hasBenefits && t > 0 ? $"{row[Col.Requests]}*{inputs["benefits.valuePerRequest"]}+{inputs["benefits.fixedMonthlyValue"]}" : "0");
            row.Set(Col.Setup, t == 0 ? _option["setupCost"] : "0");
            row.Set(Col.Fixed, t == 0 ? "0" : _option["fixedMonthly"]);
            foreach (var column in new[] { Col.Gpus, Col.Servers, Col.Usage, Col.Compute, Col.EnergyKwh, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Capex, Col.Resale })
            {
                row.Set(column, "0");
            }
            switch (kind)
            {
                case "api":
                    ApiFormulas(row, _option);
                    break;
                case "cloud":
                    CloudFormulas(row, _option);
                    break;
                case "onprem":
                    OnPremFormulas(row, _option);
                    break;
                default:
                    throw new InvalidOperationException($"unknown option kind '{kind}'");
            }
            row.Set(Col.Cash, string.Join('+', new[] { Col.Usage, Col.Compute, Col.Energy, Col.Colocation, Col.Maintenance, Col.Staff, Col.Capex, Col.Setup, Col.Fixed, Col.Resale }
                .Select(c => row[c])));
            if (compared)
            {
                ComparisonFormulas(row);
            }
        }
    }

    /// <summary>Pay-per-token API: usage = requests x price per request, with the yearly price change.</summary>
    private static void ApiFormulas(MonthRow row, OptionInputs api)
    {
        if (row.IsMonthZero)
        {
            return;
        }
        var pricePerRequest = $"({api.Workload("inputTokensPerRequest")}*{api["inputPricePerMillion"]}+{api.Workload("outputTokensPerRequest")}*{api["outputPricePerMillion"]})/1000000";
        row.Set(Col.Usage, $"{row[Col.Requests]}*{pricePerRequest}*{api.PriceFactor(row)}");
    }

    /// <summary>Rented cloud GPUs: GPU-hours for the month's work at the target utilization (at least the minimum fleet), at the hourly price.</summary>
    private static void CloudFormulas(MonthRow row, OptionInputs cloud)
    {
        if (row.IsMonthZero)
        {
            return;
        }
        row.Set(Col.Helper1, $"MAX({row[Col.Requests]}*{cloud.GpuSecondsPerRequest()}/3600/{cloud["targetUtilization"]},{cloud["minGpus"]}*730)");
        row.Set(Col.Gpus, $"{row[Col.Helper1]}/730");
        row.Set(Col.Compute, $"{row[Col.Helper1]}*{cloud["gpuHourPrice"]}*{cloud.PriceFactor(row)}");
        row.Set(Col.Staff, cloud.Staff());
    }

    /// <summary>
    /// Owned servers: a fleet that never shrinks, sized for the peak hour, bought at the end of the month before use,
    /// running costs by the month, and the purchases resold at the horizon at their depreciated value.
    /// </summary>
    private static void OnPremFormulas(MonthRow row, OptionInputs onPrem)
    {
        var price = onPrem["serverPrice"];
        // Servers for month t + 1 are bought at the end of month t.
        row.Set(Col.Capex, row.IsLastMonth ? "0" : $"({row.Below(Col.Servers)}-{row[Col.Servers]})*{price}");
        if (row.IsMonthZero)
        {
            return;
        }
        var busy = row[Col.Helper1];
        row.Set(Col.Helper1, $"{row[Col.Requests]}*{onPrem.GpuSecondsPerRequest()}/(730*3600)");
        row.Set(Col.Helper2, CeilTolerant($"{onPrem.Workload("peakToAverage")}*{busy}/{onPrem["targetUtilization"]}"));
        row.Set(Col.Helper3, $"MAX({onPrem["minServers"]},{CeilTolerant($"{row[Col.Helper2]}/{onPrem["gpusPerServer"]}")})");
        row.Set(Col.Servers, $"MAX({row.Above(Col.Servers)},{row[Col.Helper3]})");
        row.Set(Col.Gpus, $"{row[Col.Servers]}*{onPrem["gpusPerServer"]}");
        var power = onPrem["serverPowerKw"];
        var idle = $"MIN({onPrem["serverIdlePowerKw"]},{power})";
        var load = $"IF({row[Col.Gpus]}>0,MIN(1,{busy}/{row[Col.Gpus]}),0)";
        row.Set(Col.EnergyKwh, $"{row[Col.Servers]}*730*({idle}+({power}-{idle})*{load})*{onPrem["pue"]}");
        row.Set(Col.Energy, $"{row[Col.EnergyKwh]}*{onPrem["electricityPerKwh"]}");
        row.Set(Col.Colocation, $"{row[Col.Servers]}*{power}*{onPrem["colocationPerKwMonth"]}");
        row.Set(Col.Maintenance, $"{row[Col.Servers]}*{price}*{onPrem["maintenanceRateAnnual"]}/12");
        row.Set(Col.Staff, onPrem.Staff());
        row.Set(Col.Helper4, $"({row[Col.Servers]}-{row.Above(Col.Servers)})*{price}*MAX(0,1-({onPrem.Horizon}-{row.Month}+1)/(12*{onPrem["depreciationYears"]}))*{onPrem["resaleValueFraction"]}");
        if (row.IsLastMonth)
        {
            row.Set(Col.Resale, $"-SUM({row.FromMonthOne(Col.Helper4)})");
        }
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
    }

    private static void Cumulative(MonthRow row, Col flows, Col cumulative, Col paybackSoFar)
    {
        row.Set(cumulative, row.IsMonthZero ? row[flows] : $"{row.Above(cumulative)}+{row[flows]}");
        var all = row.AllMonths(flows);
        var tolerance = $"1E-9*MAX(1,SUMIF({all},\">0\")-SUMIF({all},\"<0\"))";
        row.Set(paybackSoFar, $"IF({row[cumulative]}<-{tolerance},{row.Month}+1,{(row.IsMonthZero ? "0" : row.Above(paybackSoFar))})");
    }

    /// <summary>The engine's tolerant ceiling: within 1e-9 (relative) of a whole number counts as that number.</summary>
    private static string CeilTolerant(string x) =>
        $"IF(ABS({x}-ROUND({x},0))<=1E-9*MAX(1,ABS({x})),ROUND({x},0),ROUNDUP({x},0))";

    /// <summary>An option's inputs as formulas name them: <c>option["gpuHourPrice"]</c> is <c>in_cloud_gpuHourPrice</c>.</summary>
    private sealed class OptionInputs(InputCells inputs, string optionId)
    {
        public string this[string field] => inputs[$"{optionId}.{field}"];

        public string Workload(string field) => inputs[$"workload.{field}"];

        public string Horizon => inputs["horizonMonths"];

        /// <summary>GPU-seconds per request: input tokens at the prefill rate plus output tokens at the decode rate (no tokens need no rate).</summary>
        public string GpuSecondsPerRequest()
        {
            var input = Workload("inputTokensPerRequest");
            var output = Workload("outputTokensPerRequest");
            var prefill = inputs.Has($"{optionId}.prefillTokensPerGpuSecond") ? $"IF({input}>0,{input}/{this["prefillTokensPerGpuSecond"]},0)" : "0";
            var decode = inputs.Has($"{optionId}.decodeTokensPerGpuSecond") ? $"IF({output}>0,{output}/{this["decodeTokensPerGpuSecond"]},0)" : "0";
            return $"({prefill}+{decode})";
        }

        public string Staff() => $"{this["staffFte"]}*{this["fteAnnualCost"]}/12";

        public string PriceFactor(MonthRow row) => $"(1+{this["annualPriceChange"]})^(({row.Month}-1)/12)";
    }

    /// <summary>One month's row of an option block: its cells by column, its neighbours, and where formulas go.</summary>
    private sealed class MonthRow(IXLWorksheet sheet, OptionBlock block, int month)
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

        /// <summary>Months 0..H of a column, absolute.</summary>
        public string AllMonths(Col column) =>
            $"${OptionBlock.Letter(column)}${block.FirstRow}:${OptionBlock.Letter(column)}${block.LastRow}";

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
                XlsxReport.FormatNumber(cell, money: column is not (Col.Requests or Col.Tokens or Col.Gpus or Col.EnergyKwh or Col.Discount or Col.Helper1 or Col.Helper2 or Col.Helper3
                    or Col.SavingsSign or Col.PaybackSoFar or Col.DiscountedPaybackSoFar));
            }
        }
    }
}
