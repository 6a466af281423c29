namespace Planner.CostModel.Evaluation;

/// <summary>
/// Columns of an option block on the workbook's Cash flows sheet (1-based column numbers). The layout lives here
/// because each option kind writes its own formulas into it, beside its cash-flow code (docs/decisions/007-option-kinds.md).
/// </summary>
public enum CashFlowSheetColumn
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

    /// <summary>Owned servers: resale value of the servers entering service this month, when sold (replaced, or at the horizon).</summary>
    Helper4,

    /// <summary>Owned servers: servers entering service this month (the fleet's growth plus the servers they replace).</summary>
    Helper5,

    /// <summary>Owned servers: book value of the servers entering service this month, when sold.</summary>
    Helper6,

    /// <summary>Owned servers bought on credit: the month's loan payments.</summary>
    Helper7,

    /// <summary>Owned servers bought on credit: the balance owed after the month's payments and new loans.</summary>
    Helper8,

    /// <summary>Owned or leased servers: the equipment price of the servers entering service this month.</summary>
    Helper9,

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

    /// <summary>Straight-line depreciation of the month (owned servers; 0 for other kinds): the base of the tax shield.</summary>
    Depreciation,

    /// <summary>Book value of what is sold in the month (owned servers: replaced ones, and all at the horizon); 0 for other kinds.</summary>
    BookValueSold,

    /// <summary>Loan flows (borrowed negative, repayments positive, the balance at H included), part of Cash; 0 without a loan.</summary>
    Financing,

    /// <summary>The interest within Financing (deductible under tax).</summary>
    Interest,

    /// <summary>Lease payments, at the start of each month they cover; 0 for servers bought and other kinds.</summary>
    Lease,

    /// <summary>The month's tax effect (docs/methodology.md, "Tax"), part of Cash; 0 when the tax rate is 0.</summary>
    Tax,

    /// <summary>Hybrid: the owned fleet's capacity, requests per second.</summary>
    Helper10,

    /// <summary>Hybrid: requests sent to the overflow option.</summary>
    Helper11,

    /// <summary>Hybrid overflowing to cloud GPUs: GPU-hours rented.</summary>
    Helper12,

    /// <summary>Hybrid overflowing to cloud GPUs: the reserved charge.</summary>
    Helper13,

    /// <summary>
    /// Compared options, row j: the savings' j-th coefficient for rates below 0, sum_i savings_i C(i, j), times the sign of
    /// the total savings, less 1E-9 of the sum of its terms' absolute values (Planner's FinancialFunctions.ProvedNoIrr).
    /// </summary>
    RateMarginBelowZero,

    /// <summary>Compared options, row j: the same for rates above 0, with C(H - i, j).</summary>
    RateMarginAboveZero,
}

/// <summary>The helper columns in the order a kind's <see cref="Scenarios.OptionKindDescriptor.SheetHelperHeaders"/> name them.</summary>
public static class CashFlowSheetHelpers
{
    public static IReadOnlyList<CashFlowSheetColumn> Columns { get; } =
    [
        CashFlowSheetColumn.Helper1, CashFlowSheetColumn.Helper2, CashFlowSheetColumn.Helper3, CashFlowSheetColumn.Helper4, CashFlowSheetColumn.Helper5,
        CashFlowSheetColumn.Helper6, CashFlowSheetColumn.Helper7, CashFlowSheetColumn.Helper8, CashFlowSheetColumn.Helper9, CashFlowSheetColumn.Helper10,
        CashFlowSheetColumn.Helper11, CashFlowSheetColumn.Helper12, CashFlowSheetColumn.Helper13,
    ];
}

/// <summary>
/// One month's row of an option block as a kind's spreadsheet formulas see it: cell references by column, the
/// option's and the workload's input cells by field name, and where a formula goes. The workbook writer implements it.
/// </summary>
public interface ICashFlowSheetMonth
{
    bool IsMonthZero { get; }

    bool IsLastMonth { get; }

    /// <summary>This row's month number cell.</summary>
    string Month { get; }

    /// <summary>This row's cell of a column.</summary>
    string this[CashFlowSheetColumn column] { get; }

    string Above(CashFlowSheetColumn column);

    string Below(CashFlowSheetColumn column);

    /// <summary>Months 1..this of a column.</summary>
    string FromMonthOne(CashFlowSheetColumn column);

    /// <summary>Months 0..H of a column (absolute).</summary>
    string AllMonths(CashFlowSheetColumn column);

    /// <summary>Months 0..this - 1 of a column (for a row that looks back at its own column).</summary>
    string UpToAbove(CashFlowSheetColumn column);

    /// <summary>The option's input cell (a defined name) of a field of its kind's table.</summary>
    string Input(string field);

    /// <summary>Whether the option has that input (a field that no part of the scenario needs may be absent).</summary>
    bool HasInput(string field);

    /// <summary>The workload's input cell of a field.</summary>
    string Workload(string field);

    /// <summary>The busiest hour's rate over the average rate: the profile's largest hour factor, else peakToAverage (a defined name).</summary>
    string PeakHourFactor { get; }

    /// <summary>The 24 weekday (or weekend) hour factors of the profile as a range, for SUMPRODUCT; null without a profile.</summary>
    string? HourFactors(bool weekend);

    /// <summary>
    /// The request rate this option serves in an hour whose factor is <paramref name="factor"/> (a cell, a range of hour
    /// factors inside SUMPRODUCT, or <see cref="PeakHourFactor"/>): factor × the month's average rate; for a hybrid's
    /// overflow, what that leaves above the owned fleet's capacity, max(rate − capacity, 0) written so that it works on a range.
    /// </summary>
    string HourRate(string factor);

    /// <summary>The horizon's input cell.</summary>
    string Horizon { get; }

    /// <summary>
    /// This row seen with the inputs of the option this option names in a link field (a hybrid's <c>overflowTo</c>,
    /// <see cref="Scenarios.OptionKindDescriptor.OptionLinks"/>), and that option's kind.
    /// </summary>
    (ICashFlowSheetMonth Row, Scenarios.OptionKind Kind) Linked(string field);

    /// <summary>Sets a formula, or the number 0 for "0".</summary>
    void Set(CashFlowSheetColumn column, string formula);
}

/// <summary>Spreadsheet formulas more than one option kind uses, each the sheet form of the engine's own step.</summary>
public static class SheetFormulas
{
    /// <summary>GPU-seconds per request: input tokens at the prefill rate plus output tokens at the decode rate (no tokens need no rate).</summary>
    public static string GpuSecondsPerRequest(ICashFlowSheetMonth row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var input = row.Workload("inputTokensPerRequest");
        var output = row.Workload("outputTokensPerRequest");
        var prefill = row.HasInput("prefillTokensPerGpuSecond") ? $"IF({input}>0,{input}/{row.Input("prefillTokensPerGpuSecond")},0)" : "0";
        var decode = row.HasInput("decodeTokensPerGpuSecond") ? $"IF({output}>0,{output}/{row.Input("decodeTokensPerGpuSecond")},0)" : "0";
        return $"({prefill}+{decode})";
    }

    /// <summary>Staff cost per month: FTE x cost per FTE / 12 x the staff escalation factor.</summary>
    public static string Staff(ICashFlowSheetMonth row) =>
        $"{row.Input("staffFte")}*{row.Input("fteAnnualCost")}/12*{AnnualChangeFactor(row, "staffEscalationAnnual")}";

    /// <summary>(1 + annual price change)^((t - 1) / 12).</summary>
    public static string PriceFactor(ICashFlowSheetMonth row) => AnnualChangeFactor(row, "annualPriceChange");

    /// <summary>(1 + the input's annual change)^((t - 1) / 12): a price trend or an escalation, moving once a month.</summary>
    public static string AnnualChangeFactor(ICashFlowSheetMonth row, string field)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"(1+{row.Input(field)})^(({row.Month}-1)/12)";
    }

    /// <summary>
    /// Whether the option is sized at the workload's latency targets: both targets and its replica capacity above 0
    /// (<see cref="Scenarios.GpuOption.SizedAtTargets"/>).
    /// </summary>
    public static string SizedAtTargets(ICashFlowSheetMonth row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"AND({row.Workload("ttftP95Seconds")}>0,{row.Workload("itlP95Seconds")}>0,{row.Input("replicaRequestsPerSecond")}>0)";
    }

    /// <summary>The month's average request rate, requests per second.</summary>
    public static string AverageRate(ICashFlowSheetMonth row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"({row[CashFlowSheetColumn.Requests]}/(730*3600))";
    }

    /// <summary>Replicas the busiest hour of the month needs at the targets: ⌈peak factor × average rate / capacity⌉ (a hybrid's overflow: of the rate above the owned fleet).</summary>
    public static string PeakReplicasNeeded(ICashFlowSheetMonth row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return CeilTolerant($"{row.HourRate(row.PeakHourFactor)}/{row.Input("replicaRequestsPerSecond")}");
    }

    /// <summary>The engine's tolerant ceiling: within 1e-9 (relative) of a whole number counts as that number.</summary>
    public static string CeilTolerant(string x) =>
        $"IF(ABS({x}-ROUND({x},0))<=1E-9*MAX(1,ABS({x})),ROUND({x},0),ROUNDUP({x},0))";
}
