using System.CommandLine;
using Planner.CostModel;
using Planner.Reports;

namespace Planner.Cli.Commands;

/// <summary><c>planner report FILE|ID [--pdf F] [--csv F] [--xlsx F] [--paper a4|letter] [--lang en|zh-CN] [--trials N] [--seed S] [--time-budget SECONDS]</c>.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "Scenario JSON file, or the id of a stored scenario (planner scenario list)" };
        var pdf = new Option<string?>("--pdf") { Description = "Write the meeting PDF to this file" };
        var csv = new Option<string?>("--csv") { Description = "Write the monthly cash flows CSV to this file, with six CSV files beside it: -summary, -assumptions, -benchmarks, -projections, -risk and -risk-inputs" };
        var xlsx = new Option<string?>("--xlsx") { Description = "Write the auditable workbook (live formulas) to this file" };
        var paper = new Option<string>("--paper") { Description = "PDF paper size: a4 (default) or letter", DefaultValueFactory = _ => "a4" };
        paper.AcceptOnlyFromAmong("a4", "letter");
        var language = new Option<string>("--lang")
        {
            Description = $"Language of the PDF: {string.Join(" or ", ReportLanguages.Tags)} (default {ReportLanguages.Tags[0]}); the CSV files and the workbook stay in English",
            DefaultValueFactory = _ => ReportLanguages.Tags[0],
        };
        var budget = new Option<double>("--time-budget")
        {
            Description = $"Seconds the whole report may take before it is cancelled, leaving no file (default {Limits.ReportTimeBudget.TotalSeconds:0}, at most {Limits.MaxReportTimeBudget.TotalSeconds:0})",
            DefaultValueFactory = _ => Limits.ReportTimeBudget.TotalSeconds,
        };
        var simulation = new SimulationOptions();
        var command = new Command("report", "Write a scenario's reports: PDF for the meeting, CSV and an auditable spreadsheet for finance. A scenario with distributions is simulated first (--trials, --seed) and gets a risk section.")
        {
            scenario, pdf, csv, xlsx, paper, language, simulation.Trials, simulation.Seed, budget,
        };
        command.SetAction(async (parse, interrupted) =>
        {
            var lang = parse.GetValue(language);
            if (ReportLanguages.Parse(lang) is null)
            {
                throw new InputException($"--lang {ReportLanguages.Rule} (got \"{lang}\")");
            }
            var seconds = parse.GetValue(budget);
            if (!(seconds >= 1 && seconds <= Limits.MaxReportTimeBudget.TotalSeconds))
            {
                throw new InputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"--time-budget must be >= 1 and <= {Limits.MaxReportTimeBudget.TotalSeconds:0} seconds (got {seconds})"));
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
            try
            {
                return await WriteAsync(parse, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !interrupted.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync(Limits.ReportOverBudget(TimeSpan.FromSeconds(seconds)) + "; no file was written (ask for fewer --trials or a longer --time-budget)");
                return ExitCodes.TimedOut;
            }
        });
        return command;

        async Task<int> WriteAsync(ParseResult parse, CancellationToken ct)
        {
            var pdfPath = parse.GetValue(pdf);
            var csvPath = parse.GetValue(csv);
            var xlsxPath = parse.GetValue(xlsx);
            if (pdfPath is null && csvPath is null && xlsxPath is null)
            {
                throw new InputException("report needs at least one of --pdf FILE, --csv FILE or --xlsx FILE");
            }
            var loaded = await ScenarioSource.LoadAsync(parse.GetRequiredValue(scenario), ct);
            ReportInput input;
            using (var simulating = StderrProgress.ForTerminal("Simulating"))
            {
                var settings = simulation.Settings(parse);
                input = await Task.Run(() => ReportInput.Simulated(loaded.Scenario, loaded.Evaluation, settings, simulating, ct), ct);
            }
            var builder = new ReportBuilder(TimeProvider.System);
            var progress = Console.IsErrorRedirected ? null : new Progress<string>(message => Console.Error.WriteLine(message));
            // The PDF, the CSV files and the workbook are written all or none: a failure, a full disk or Ctrl+C leaves
            // the old set as it was and no .tmp files.
            using var files = new AtomicFileSet();
            if (pdfPath is not null)
            {
                var options = new ReportOptions
                {
                    Paper = parse.GetValue(paper) == "letter" ? PaperSize.Letter : PaperSize.A4,
                    Language = ReportLanguages.Parse(parse.GetValue(language))!.Value,
                    ScenarioVersion = loaded.Version,
                };
                await files.StageAsync(pdfPath, stream => builder.WritePdfAsync(input, stream, options, progress, ct));
            }
            if (csvPath is not null)
            {
                builder.StageCsvFiles(input, csvPath, files);
            }
            if (xlsxPath is not null)
            {
                ct.ThrowIfCancellationRequested();
                files.Stage(xlsxPath, stream => builder.WriteXlsx(input, stream));
            }
            ct.ThrowIfCancellationRequested();
            foreach (var path in files.Commit())
            {
                await Console.Out.WriteLineAsync(path);
            }
            return ExitCodes.Ok;
        }
    }
}
