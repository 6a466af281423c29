using Planner.Reports.Pdf;

namespace Planner.Reports;

/// <summary>
/// Writes a scenario's reports: the meeting PDF, the CSV files for finance and the auditable workbook. The one entry
/// point the web app and the CLI share; the generation time comes from the injected clock.
/// </summary>
public sealed class ReportBuilder(TimeProvider time)
{
    /// <summary>Writes the PDF to <paramref name="output"/> (which must be empty and writable); reports progress as short messages.</summary>
    public Task WritePdfAsync(ReportInput input, Stream output, ReportOptions? options = null, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        // Layout and drawing are CPU work on one page canvas at a time; run them off the caller's thread.
        return Task.Run(() => PdfReport.Write(input, output, options ?? ReportOptions.Default, time.GetUtcNow(), progress, ct), ct);
    }

    /// <summary>The CSV files next to each other: the cash flows at <paramref name="cashFlowsPath"/> and its siblings (<see cref="CsvReport.SiblingSuffixes"/>).</summary>
    public IReadOnlyList<string> WriteCsvFiles(ReportInput input, string cashFlowsPath) => CsvReport.WriteFiles(input, cashFlowsPath);

    /// <summary>Stages the CSV files in a set written all or none (see <see cref="AtomicFileSet"/>).</summary>
    public void StageCsvFiles(ReportInput input, string cashFlowsPath, AtomicFileSet files) => CsvReport.StageFiles(input, cashFlowsPath, files);

    /// <summary>The seven CSV files (cash flows and its siblings) in one zip, for a single download.</summary>
    public void WriteCsvZip(ReportInput input, Stream output) => CsvReport.WriteZip(input, output);

    /// <summary>The workbook: Inputs, Cash flows and Summary as live formulas (NPV, IRR with its notes, paybacks), with the risk and projection sheets when the input has them.</summary>
    public void WriteXlsx(ReportInput input, Stream output) => XlsxReport.Write(input, output);

    /// <summary>The recommendation sentence as the PDF in <paramref name="language"/> prints it.</summary>
    public string RecommendationSentence(ReportInput input, ReportLanguage language = ReportLanguage.English) =>
        PdfReport.RecommendationSentence(input.Evaluation, ReportText.For(language));
}
