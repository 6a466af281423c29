using ClosedXML.Excel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Data;

namespace Planner.Reports.IntegrationTests;

/// <summary>
/// One workbook to recalculate: a scenario's report, with <see cref="Changes"/> typed into its Inputs sheet, and what
/// Planner says of the scenario with the same changes.
/// </summary>
public sealed record RecalculationCase(string Name, string Workbook, IReadOnlyDictionary<string, double> Changes, ScenarioEvaluation Expected)
{
    /// <summary>For a goal-seek case: the compared option whose break-even demand the requests were set to.</summary>
    public string? BreakEvenOf { get; init; }

    /// <summary>The exported scenario's evaluation (the figures written as values, such as Planner's break-even).</summary>
    public required ScenarioEvaluation Exported { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// Every example of examples/ (loaded and resolved against a fresh store, as the CLI loads them) and three more scenarios,
/// each as exported and with three changes of its inputs, recalculated by LibreOffice in one run for the whole test class.
/// Besides, each comparison with a break-even has a case whose requests are set to it, as Goal Seek would set them.
/// </summary>
public sealed class RecalculationCases : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-recalc-").FullName;

    public IReadOnlyList<RecalculationCase> Cases { get; private set; } = [];

    public IReadOnlyDictionary<string, RecalculatedWorkbook> Recalculated { get; private set; } = new Dictionary<string, RecalculatedWorkbook>();

    /// <summary>Names of the cases, for theories (xunit needs them before the fixture exists).</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var scenario in ScenarioNames())
        {
            foreach (var change in ChangeNames)
            {
                data.Add(scenario + change);
            }
        }
        return data;
    }

    private static readonly string[] ChangeNames = ["", "+discount-rate", "+ten-times-the-requests", "+prices-throughput-growth"];

    private static IEnumerable<string> ScenarioNames() =>
        Directory.GetFiles(Scenarios.ExamplesFolder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).Select(n => n!)
            .Concat(["sixty-months", "chinese-name", "cloud-baseline", "finance-parts", "finance-parts-resold", "finance-parts-leased", "finance-parts-loan", "finance-parts-reserved", "finance-parts-spot", "targets-following", "targets-flat-weekends", "token-classes", "retraining", "whole-replicas", "hybrids", "targets-overflow"]);

    public async Task InitializeAsync()
    {
        var scenarios = new Dictionary<string, Scenario>(StringComparer.Ordinal);
        await using (var store = await PlannerStore.OpenAsync(Path.Combine(_folder, "db", "planner.db")))
        {
            foreach (var file in Directory.GetFiles(Scenarios.ExamplesFolder, "*.json"))
            {
                var parsed = ScenarioJson.Parse(await File.ReadAllTextAsync(file), allowUnresolvedReferences: true);
                scenarios[Path.GetFileNameWithoutExtension(file)] = await store.Resolver.ResolveAsync(parsed, default);
            }
        }
        scenarios["sixty-months"] = Scenarios.SixtyMonths();
        scenarios["chinese-name"] = Scenarios.Chinese();
        scenarios["cloud-baseline"] = Scenarios.CloudBaseline();
        scenarios["finance-parts"] = Scenarios.WithFinance();
        scenarios["finance-parts-resold"] = Scenarios.WithFinance(depreciationYears: 3);
        scenarios["finance-parts-leased"] = Scenarios.WithFinance(leased: true);
        scenarios["finance-parts-loan"] = Scenarios.WithFinance(withLoan: true);
        scenarios["finance-parts-reserved"] = Scenarios.WithFinance(reserved: true);
        scenarios["finance-parts-spot"] = Scenarios.WithFinance(spot: true);
        scenarios["targets-following"] = Scenarios.WithTargets();
        scenarios["targets-flat-weekends"] = Scenarios.WithTargets(weekend: true);
        scenarios["token-classes"] = Scenarios.WithTokenClasses();
        scenarios["retraining"] = Scenarios.WithRetraining();
        scenarios["whole-replicas"] = Scenarios.WholeReplicas();
        scenarios["hybrids"] = Scenarios.WithHybrids();
        scenarios["targets-overflow"] = Scenarios.WithTargetsOverflow();

        var input = Directory.CreateDirectory(Path.Combine(_folder, "in")).FullName;
        var output = Directory.CreateDirectory(Path.Combine(_folder, "out")).FullName;
        var cases = new List<RecalculationCase>();
        foreach (var name in ScenarioNames())
        {
            var scenario = scenarios[name];
            var report = ReportInput.For(scenario, CostEngine.Evaluate(scenario));
            foreach (var change in ChangeNames)
            {
                cases.Add(Export(report, name + change, Changes(change, scenario), input));
            }
            foreach (var comparison in report.Evaluation.Comparisons.Where(c => c.BreakEvenRequestsPerMonth is not null && c.BreakEvenNote is null))
            {
                var atBreakEven = new Dictionary<string, double> { ["workload.requestsPerMonth"] = comparison.BreakEvenRequestsPerMonth!.Value };
                cases.Add(Export(report, $"{name}+break-even-of-{comparison.Option}", atBreakEven, input) with { BreakEvenOf = comparison.Option });
            }
        }
        LibreOfficeCalc.Recalculate(cases.Select(c => c.Workbook).ToList(), output, _folder);
        Cases = cases;
        Recalculated = cases.ToDictionary(c => c.Name, c => new RecalculatedWorkbook(Path.Combine(output, Path.GetFileName(c.Workbook))), StringComparer.Ordinal);
    }

    /// <summary>Writes the report's workbook with <paramref name="changes"/> typed into its Inputs sheet, cached values stripped.</summary>
    private static RecalculationCase Export(ReportInput report, string name, Dictionary<string, double> changes, string folder)
    {
        var scenario = report.Scenario;
        var changed = changes.Aggregate(scenario, (s, kv) => Find(s, kv.Key).With(s, kv.Value));
        var path = Path.Combine(folder, name + ".xlsx");
        using (var workbook = XlsxReport.Build(report))
        {
            var sheet = workbook.Worksheet(XlsxReport.InputsSheet);
            foreach (var (key, value) in changes)
            {
                sheet.RowsUsed().Single(r => r.Cell(1).GetString() == key).Cell(3).Value = value;
            }
            workbook.SaveAs(path);
        }
        LibreOfficeCalc.StripCachedValues(path);
        return new RecalculationCase(name, path, changes, CostEngine.Evaluate(changed, includeTornado: false)) { Exported = report.Evaluation };
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The inputs a change types into the workbook: the discount rate from its value to 25% a year; the first month's
    /// requests times ten; or growth one point higher with every GPU-hour price up 25%, every decode throughput down 20%
    /// and every server price up 10%.
    /// </summary>
    private static Dictionary<string, double> Changes(string change, Scenario scenario)
    {
        var inputs = ScenarioInputs.List(scenario);
        double Value(string key) => Find(scenario, key).Get(scenario);
        IEnumerable<KeyValuePair<string, double>> Scaled(string field, double factor) =>
            inputs.Where(i => i.OptionId is not null && i.Key.EndsWith("." + field, StringComparison.Ordinal) && !double.IsNaN(i.Get(scenario)))
                .Select(i => KeyValuePair.Create(i.Key, i.Get(scenario) * factor));
        return change switch
        {
            "" => [],
            "+discount-rate" => new() { ["discountRateAnnual"] = 0.25 },
            "+ten-times-the-requests" => new() { ["workload.requestsPerMonth"] = Value("workload.requestsPerMonth") * 10 },
            "+prices-throughput-growth" => new Dictionary<string, double>(
                new[] { KeyValuePair.Create("workload.monthlyGrowth", Value("workload.monthlyGrowth") + 0.01) }
                    .Concat(Scaled("gpuHourPrice", 1.25)).Concat(Scaled("decodeTokensPerGpuSecond", 0.8)).Concat(Scaled("serverPrice", 1.1))),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, "no such change"),
        };
    }

    private static ScenarioInput Find(Scenario scenario, string key) => ScenarioInputs.List(scenario).Single(i => i.Key == key);
}
