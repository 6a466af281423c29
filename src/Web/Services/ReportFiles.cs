using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using Planner.Reports;

namespace Planner.Web.Services;

/// <summary>The three report downloads.</summary>
public enum ReportKind
{
    /// <summary>The meeting PDF (docs/reports.md).</summary>
    Pdf,

    /// <summary>A zip of the report CSVs.</summary>
    Csv,

    /// <summary>The auditable workbook with live formulas.</summary>
    Xlsx,
}

/// <summary>A report ready to download.</summary>
public sealed record ReportFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// Makes a report of a resolved scenario and the evaluation the caller already made of it: simulated first when it has distributions (as <c>planner report</c>), then
/// written as PDF, CSV zip or workbook. The API's report of a saved version and the editor's report of what is on
/// screen both come from here.
/// </summary>
public static class ReportFiles
{
    /// <summary>The kind a URL's format names ("pdf", "csv", "xlsx"); null for any other.</summary>
    public static ReportKind? Parse(string format) => format switch
    {
        "pdf" => ReportKind.Pdf,
        "csv" => ReportKind.Csv,
        "xlsx" => ReportKind.Xlsx,
        _ => null,
    };

    public static async Task<ReportFile> WriteAsync(
        Scenario resolved, ScenarioEvaluation evaluation, string name, ReportKind kind, ReportOptions options, SimulationSettings settings, TimeProvider time,
        CancellationToken ct)
    {
        var input = await Task.Run(() => ReportInput.Simulated(resolved, evaluation, settings, progress: null, ct), ct);
        ct.ThrowIfCancellationRequested(); // the CSV and workbook writers take no token: a spent time budget stops here
        var builder = new ReportBuilder(time);
        using var buffer = new MemoryStream();
        switch (kind)
        {
            case ReportKind.Pdf:
                await builder.WritePdfAsync(input, buffer, options, progress: null, ct);
                return new ReportFile(buffer.ToArray(), "application/pdf", FileNames.For(name, "report.pdf"));
            case ReportKind.Csv:
                ct.ThrowIfCancellationRequested();
                builder.WriteCsvZip(input, buffer);
                return new ReportFile(buffer.ToArray(), "application/zip", FileNames.For(name, "report-csv.zip"));
            case ReportKind.Xlsx:
                ct.ThrowIfCancellationRequested();
                builder.WriteXlsx(input, buffer);
                return new ReportFile(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", FileNames.For(name, "report.xlsx"));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a report kind");
        }
    }
}
