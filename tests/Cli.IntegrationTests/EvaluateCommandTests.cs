using System.Text.Json;
using System.Text.Json.Nodes;

namespace Planner.Cli.IntegrationTests;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(PlannerProcess.RepositoryRoot, "examples"), "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_evaluates_to_the_documented_json_shape(string example)
    {
        // Examples that name catalog rows are resolved against a store: a fresh one in this test's folder.
        var result = await PlannerProcess.RunAsync(["evaluate", PlannerProcess.Example(example)],
            new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "planner.db") });
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        foreach (var field in new[] { "scenario", "currency", "horizonMonths", "baseline", "recommendation", "options", "comparisons", "tornado" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"{example}: missing {field}");
        }
        var horizon = root.GetProperty("horizonMonths").GetInt32();
        var ids = new List<string>();
        foreach (var option in root.GetProperty("options").EnumerateArray())
        {
            ids.Add(option.GetProperty("id").GetString()!);
            foreach (var field in new[] { "kind", "totalCost", "presentValue", "levelizedCostPerMillionTokens", "energyKwh", "peakGpus", "servers", "capex" })
            {
                Assert.True(option.TryGetProperty(field, out _), $"{example}: option missing {field}");
            }
            var months = option.GetProperty("months").EnumerateArray().ToList();
            Assert.Equal(horizon + 1, months.Count);
            var cash = months.Sum(m => m.GetProperty("cash").GetDouble());
            Assert.Equal(option.GetProperty("totalCost").GetDouble(), cash, 6);
            foreach (var category in new[] { "usage", "compute", "energy", "colocation", "maintenance", "staff", "capex", "setup", "fixed", "resale", "depreciation" })
            {
                Assert.True(months[0].TryGetProperty(category, out _), $"{example}: month missing {category}");
            }
        }
        var baseline = root.GetProperty("baseline").GetString();
        var comparisons = root.GetProperty("comparisons").EnumerateArray().ToList();
        Assert.Equal(ids.Count - 1, comparisons.Count);
        foreach (var comparison in comparisons)
        {
            Assert.Equal(baseline, comparison.GetProperty("baseline").GetString());
            foreach (var field in new[] { "npvSavings", "irrAnnual", "paybackMonth", "discountedPaybackMonth", "breakEvenRequestsPerMonth" })
            {
                Assert.True(comparison.TryGetProperty(field, out _), $"{example}: comparison missing {field}");
            }
        }
        var cheapest = root.GetProperty("options").EnumerateArray().MinBy(o => o.GetProperty("presentValue").GetDouble());
        Assert.Equal(cheapest.GetProperty("id").GetString(), root.GetProperty("recommendation").GetString());
    }

    [Fact]
    public async Task Table_format_names_the_recommendation()
    {
        var result = await PlannerProcess.RunAsync("evaluate", PlannerProcess.Example("support-assistant.json"), "--format", "table");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Recommendation: Hosted API", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Against the baseline (api)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_format_shows_each_option_and_each_hybrids_cloud_overflow_sized_at_the_latency_targets()
    {
        var example = Planner.CostModel.Json.ScenarioJson.ReadFile(PlannerProcess.Example("hybrid-support-assistant.json"));
        var scenario = example with
        {
            Workload = example.Workload with { TtftP95Seconds = 2, ItlP95Seconds = 0.06 },
            Options = [.. example.Options.Select(o => o is Planner.CostModel.Scenarios.CloudOption cloud ? cloud with { ReplicaRequestsPerSecond = 1.3, GpusPerReplica = 2 } : o)],
        };
        var evaluation = Planner.CostModel.Evaluation.CostEngine.Evaluate(scenario, includeTornado: false);
        var overflow = evaluation.GetOption("hybrid-cloud").Hybrid!.OverflowAtTargets!;
        var cloud = evaluation.GetOption("cloud").AtTargets!;

        // Long lines wrap at the console's width: read the output as one line.
        var table = string.Join(' ', Planner.Cli.Commands.EvaluationTable.Render(evaluation).Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        var plain = Planner.Cli.Commands.EvaluationTable.Render(Planner.CostModel.Evaluation.CostEngine.Evaluate(example, includeTornado: false));
        var invariant = System.Globalization.CultureInfo.InvariantCulture;

        Assert.Contains("At the latency targets (p95 TTFT <= 2 s, ITL <= 0.06 s):", table, StringComparison.Ordinal);
        Assert.Contains($"- hybrid-cloud: overflow to cloud: overflow rented, following the profile, 1.3 req/s per replica of 2 GPUs; busiest hour "
            + $"{Planner.Cli.Commands.EvaluationTable.Number(overflow.PeakRequestsPerSecond)} req/s on {overflow.PeakReplicas} replicas; "
            + $"utilization {overflow.AchievedUtilization.ToString("P1", invariant)}; per 1M tokens USD {overflow.CostPerMillionTokensAtTargets!.Value.ToString("N3", invariant)} "
            + $"at the targets, USD {overflow.CostPerMillionTokensWithoutTargets!.Value.ToString("N3", invariant)} without them.", table, StringComparison.Ordinal);
        Assert.Contains($"- cloud: {cloud.Sizing}, 1.3 req/s per replica of 2 GPUs;", table, StringComparison.Ordinal);
        Assert.DoesNotContain("At the latency targets", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_format_shows_several_proved_rates_as_several_with_the_one_note()
    {
        var evaluation = Planner.CostModel.Evaluation.CostEngine.Evaluate(
            Planner.CostModel.Json.ScenarioJson.ReadFile(PlannerProcess.Example("support-assistant.json")), includeTornado: false);
        var rates = new[] { 0.1, 0.2 };
        var first = evaluation.Comparisons[0] with
        {
            IrrAnnual = 0.1, IrrRatesAnnual = rates, IrrNote = Planner.CostModel.Evaluation.IrrNotes.SeveralRates(rates).ToString(),
        };

        var table = Planner.Cli.Commands.EvaluationTable.Render(evaluation with { Comparisons = [first, .. evaluation.Comparisons.Skip(1)] });

        Assert.Contains(table.Split('\n'), l => l.TrimStart().StartsWith(first.Option + " ", StringComparison.Ordinal) && l.Contains("several *", StringComparison.Ordinal));
        Assert.Contains($"* {first.Option}: several rates (10.0% and 20.0% a year): the IRR is not meaningful; judge the option by its NPV savings.", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_format_states_each_value_model_and_json_carries_the_derived_values()
    {
        var table = await PlannerProcess.RunAsync("evaluate", PlannerProcess.Example("line-optimization.json"), "--format", "table");
        var json = await PlannerProcess.RunAsync("evaluate", PlannerProcess.Example("visual-inspection.json"));

        Assert.True(table.ExitCode == 0, table.ToString());
        // 200,000 units x 1% x 12 = 24,000 a month.
        Assert.Contains("Value models: line optimization USD 24,000 a month.", table.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var benefits = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("benefits");
        // 0.003 x 0.9 x 2.50 - 0.997 x 0.01 x 0.10 = 0.005753 per image.
        Assert.Equal(0.005753, benefits.GetProperty("qualityInspectionValuePerItem").GetDouble(), 12);
        Assert.Equal(0.005753, benefits.GetProperty("valuePerRequest").GetDouble(), 12);
    }

    [Fact]
    public async Task Csv_format_has_one_row_per_option_and_month()
    {
        var output = Path.Combine(_folder, "flows.csv");
        var result = await PlannerProcess.RunAsync("evaluate", PlannerProcess.Example("support-assistant.json"), "--format", "csv", "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        var lines = File.ReadAllLines(output);
        Assert.StartsWith("option,kind,month,", lines[0], StringComparison.Ordinal);
        Assert.Equal(1 + 3 * 37, lines.Length);
        Assert.StartsWith("onprem,onprem,36,", lines[^1], StringComparison.Ordinal);
    }

    private string WriteExampleWith(Action<JsonObject> change)
    {
        var scenario = JsonNode.Parse(File.ReadAllText(PlannerProcess.Example("support-assistant.json")))!.AsObject();
        change(scenario);
        var file = Path.Combine(_folder, "bad.json");
        File.WriteAllText(file, scenario.ToJsonString());
        return file;
    }

    private static JsonObject Option(JsonObject scenario, int index) => scenario["options"]![index]!.AsObject();

    [Fact]
    public async Task Bad_input_exits_2_with_one_line_per_problem_naming_path_and_range()
    {
        var file = WriteExampleWith(s =>
        {
            s["horizonMonths"] = 0;
            Option(s, 1)["targetUtilization"] = 1.5;
            Option(s, 1)["gpuHourPrice"] = -2.5;
            Option(s, 2)["id"] = "cloud";
        });

        var result = await PlannerProcess.RunAsync("evaluate", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("horizonMonths must be >= 1 and <= 600 (got 0)", result.ErrorLines);
        Assert.Contains("options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)", result.ErrorLines);
        Assert.Contains("options[1].gpuHourPrice must be >= 0 and <= 100000 (got -2.5)", result.ErrorLines);
        Assert.Contains("options[2].id \"cloud\" is used by an earlier option; ids must be unique", result.ErrorLines);
        Assert.DoesNotContain(result.ErrorLines, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"a lot\"", "options[2].serverPrice must be a number or a distribution object (got string \"a lot\")")]
    [InlineData("1e999", "options[2].serverPrice must be a finite number (got 1e999)")]
    [InlineData(null, "options[2].serverPrice is required (must be >= 0 and <= 1,000,000,000, or give gpu)")]
    public async Task Each_kind_of_bad_value_is_named(string? rawValue, string expected)
    {
        var text = File.ReadAllText(PlannerProcess.Example("support-assistant.json"));
        var file = Path.Combine(_folder, "bad.json");
        File.WriteAllText(file, rawValue is null
            ? text.Replace("\"serverPrice\": 320000,", "", StringComparison.Ordinal)
            : text.Replace("\"serverPrice\": 320000", "\"serverPrice\": " + rawValue, StringComparison.Ordinal));
        var result = await PlannerProcess.RunAsync("evaluate", file);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected, result.ErrorLines.Single());
    }

    [Fact]
    public async Task An_unknown_field_is_named_with_the_known_ones()
    {
        var file = WriteExampleWith(s => Option(s, 2)["colour"] = 1);
        var result = await PlannerProcess.RunAsync("evaluate", file);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("options[2].colour is not a field of an onprem option (known: id, kind, name", result.ErrorLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var result = await PlannerProcess.RunAsync("evaluate", Path.Combine(_folder, "nope.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not found", result.Stderr, StringComparison.Ordinal);
    }
}
