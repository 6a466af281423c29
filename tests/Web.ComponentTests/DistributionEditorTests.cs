using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>
/// Issue 15: the distributions of uncertain inputs are seen and edited in the editor (docs/scenario-format.md, "Uncertain
/// inputs"): added, changed and removed per input, each bad parameter shown under its field with the validator's line,
/// and written to JSON exactly as the same distribution written by hand.
/// </summary>
public sealed class DistributionEditorTests : MudTestContext
{
    /// <summary>
    /// Distributions written by hand, one of each shape the editor offers in a small scenario (the risk example's page is
    /// three times as large, and every edit re-renders it): a triangular price, a PERT growth rate and a discrete price
    /// change (both rates, typed in percent), and a truncated normal throughput.
    /// </summary>
    internal const string HandWritten = """
        {
          "name": "Distributions by hand", "currency": "USD", "horizonMonths": 24, "discountRateAnnual": 0.08,
          "workload": { "requestsPerMonth": 1000000, "inputTokensPerRequest": 500, "outputTokensPerRequest": 200,
                        "monthlyGrowth": { "distribution": "pert", "min": 0, "mode": 0.03, "max": 0.08, "value": 0.03 } },
          "baseline": "api",
          "options": [
            { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 4,
              "annualPriceChange": { "distribution": "discrete", "values": [-0.3, -0.2, 0], "weights": [0.25, 0.5, 0.25], "value": -0.2 } },
            { "id": "cloud", "kind": "cloud", "gpuHourPrice": { "distribution": "triangular", "min": 1.7, "mode": 2.5, "max": 4.0, "value": 2.5 },
              "prefillTokensPerGpuSecond": 10000,
              "decodeTokensPerGpuSecond": { "distribution": "normal", "mean": 1000, "stdDev": 150, "min": 600, "max": 1400, "value": 1000 },
              "targetUtilization": 0.5, "minGpus": 1 }
          ]
        }
        """;

    /// <summary>Each edit re-renders the whole editor; on a loaded two-core machine that takes seconds (a wait, never a timing asserted).</summary>
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    private static readonly string[] Edited = ["cloud.gpuHourPrice", "workload.monthlyGrowth", "api.annualPriceChange"];

    private async Task<(IRenderedComponent<Editor> Cut, ScenarioWorkspace Workspace)> RenderAsync(Scenario scenario)
    {
        Render<MudPopoverProvider>();
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(scenario, "distributions");
        return (Render<Editor>(), workspace);
    }

    private static Scenario Hand() => ScenarioJson.Parse(HandWritten);

    [Fact]
    public async Task Distributions_added_and_changed_in_the_editor_are_written_as_the_hand_written_ones()
    {
        var hand = Hand();
        // The same scenario with three of its distributions taken off; their inputs keep the number ("value") they had.
        var (cut, workspace) = await RenderAsync(hand with { Uncertainties = hand.Uncertainties.Where(u => !Edited.Contains(u.Key)).ToList() });
        Assert.NotEqual(ScenarioJsonWriter.Write(hand), ScenarioJsonWriter.Write(workspace.Scenario!));

        // cloud.gpuHourPrice: triangular, min 1.7, mode 2.5, max 4.0 (the mode and the value are the number it had).
        cut.Find("[data-testid='add-distribution-cloud.gpuHourPrice']").Click();
        Eventually(() => Assert.NotNull(cut.Find("[data-distribution='cloud.gpuHourPrice']")), Slow);
        TypeAndWait(cut, workspace, "options[1].gpuHourPrice.min", "1.7", "cloud.gpuHourPrice", d => d.Min == 1.7);
        TypeAndWait(cut, workspace, "options[1].gpuHourPrice.max", "4", "cloud.gpuHourPrice", d => d.Max == 4.0);

        // workload.monthlyGrowth: PERT 0 %, 3 %, 8 % a month, typed in percent as the field is, stored as fractions.
        cut.Find("[data-testid='add-distribution-workload.monthlyGrowth']").Click();
        Eventually(() => Assert.NotNull(cut.Find("[data-distribution='workload.monthlyGrowth']")), Slow);
        await ChooseKindAsync(cut, "workload.monthlyGrowth", DistributionKind.Pert);
        Eventually(() => Assert.Equal(DistributionKind.Pert, Of(workspace, "workload.monthlyGrowth").Kind), Slow);
        TypeAndWait(cut, workspace, "workload.monthlyGrowth.min", "0", "workload.monthlyGrowth", d => d.Min == 0);
        TypeAndWait(cut, workspace, "workload.monthlyGrowth.max", "8", "workload.monthlyGrowth", d => d.Max == 0.08);
        Assert.Equal(0.03, Of(workspace, "workload.monthlyGrowth").Mode);

        // api.annualPriceChange: discrete -30 %, -20 %, 0 % a year, weighted 0.25, 0.5, 0.25.
        cut.Find("[data-testid='add-distribution-api.annualPriceChange']").Click();
        Eventually(() => Assert.NotNull(cut.Find("[data-distribution='api.annualPriceChange']")), Slow);
        await ChooseKindAsync(cut, "api.annualPriceChange", DistributionKind.Discrete);
        Eventually(() => Assert.Equal(DistributionKind.Discrete, Of(workspace, "api.annualPriceChange").Kind), Slow);
        TypeAndWait(cut, workspace, "options[0].annualPriceChange.values", "-30, -20, 0", "api.annualPriceChange", d => d.Values.SequenceEqual([-0.3, -0.2, 0]));
        TypeAndWait(cut, workspace, "options[0].annualPriceChange.weights", "0.25 0.5 0.25", "api.annualPriceChange", d => d.Weights.SequenceEqual([0.25, 0.5, 0.25]));

        Eventually(() => Assert.Empty(workspace.Problems), Slow);
        Assert.Equal(ScenarioJsonWriter.Write(hand), ScenarioJsonWriter.Write(workspace.Scenario!));
        // What the editor writes reads back as the hand-written file reads.
        Assert.Equal(ScenarioJsonWriter.Write(hand), ScenarioJsonWriter.Write(ScenarioJson.Parse(ScenarioJsonWriter.Write(workspace.Scenario!))));
    }

    [Fact]
    public async Task A_distribution_read_from_a_file_is_shown_with_its_kind_parameters_and_mean()
    {
        var (cut, _) = await RenderAsync(Hand());

        var decode = cut.Find("[data-distribution='cloud.decodeTokensPerGpuSecond']");
        Assert.Equal("1000", decode.QuerySelector("[data-field='options[1].decodeTokensPerGpuSecond.mean'] input")!.GetAttribute("value"));
        Assert.Equal("150", decode.QuerySelector("[data-field='options[1].decodeTokensPerGpuSecond.stdDev'] input")!.GetAttribute("value"));
        Assert.Equal("600", decode.QuerySelector("[data-field='options[1].decodeTokensPerGpuSecond.min'] input")!.GetAttribute("value"));
        // A rate's parameters are in percent, as its field is.
        var growth = cut.Find("[data-distribution='workload.monthlyGrowth']");
        Assert.Equal("3", growth.QuerySelector("[data-field='workload.monthlyGrowth.mode'] input")!.GetAttribute("value"));
        Assert.Equal("8", growth.QuerySelector("[data-field='workload.monthlyGrowth.max'] input")!.GetAttribute("value"));
        var api = cut.Find("[data-distribution='api.annualPriceChange']");
        Assert.Equal("-30, -20, 0", api.QuerySelector("[data-field='options[0].annualPriceChange.values'] input")!.GetAttribute("value"));
        Assert.Equal("0.25, 0.5, 0.25", api.QuerySelector("[data-field='options[0].annualPriceChange.weights'] input")!.GetAttribute("value"));
        // The mean: -0.3 x 0.25 - 0.2 x 0.5 + 0 x 0.25 = -0.175, -17.5% a year.
        Assert.Contains("-17.5%", api.QuerySelector("[data-testid=distribution-mean]")!.TextContent, StringComparison.Ordinal);
        // Whole-number fields are never offered a distribution.
        Assert.Empty(cut.FindAll("[data-testid='add-distribution-horizonMonths']"));
        Assert.Empty(cut.FindAll("[data-testid='add-distribution-cloud.minGpus']"));
        Assert.NotEmpty(cut.FindAll("[data-testid='add-distribution-cloud.setupCost']"));
    }

    [Fact]
    public async Task Each_bad_parameter_is_shown_under_its_field_with_the_validators_line_and_the_results_go_stale()
    {
        var (cut, workspace) = await RenderAsync(Hand());

        Type(cut, "options[1].decodeTokensPerGpuSecond.stdDev", "-5");
        Eventually(() => Assert.Contains("options[1].decodeTokensPerGpuSecond.stdDev must be > 0 (got -5)",
            cut.Find("[data-field='options[1].decodeTokensPerGpuSecond.stdDev']").TextContent, StringComparison.Ordinal), Slow);
        Assert.Equal("true", cut.Find("[data-field='options[1].decodeTokensPerGpuSecond.stdDev']").GetAttribute("data-invalid"));
        Assert.NotNull(cut.Find("[data-testid=results-stale]"));
        // The same line the JSON reader gives for the same distribution in a file.
        var read = Assert.Throws<Planner.CostModel.InputException>(() => ScenarioJson.Parse(ScenarioJsonWriter.Write(workspace.Scenario!)));
        Assert.Contains(read.Problems, p => p.Message == "options[1].decodeTokensPerGpuSecond.stdDev must be > 0 (got -5)");

        // A whole-distribution rule (min <= mode <= max) is shown under the input the distribution belongs to.
        Type(cut, "options[1].gpuHourPrice.min", "5");
        Eventually(() => Assert.Contains("options[1].gpuHourPrice must have min <= mode <= max and min < max (got 5, 2.5, 4)",
            cut.Find("[data-field='options[1].gpuHourPrice']").TextContent, StringComparison.Ordinal), Slow);

        // Emptying a required parameter names it as required for that kind.
        Type(cut, "workload.monthlyGrowth.mode", "");
        Eventually(() => Assert.Contains("workload.monthlyGrowth.mode is required for a pert distribution",
            cut.Find("[data-field='workload.monthlyGrowth.mode']").TextContent, StringComparison.Ordinal), Slow);
        // None of these lands in the banner of problems without a field.
        Assert.Empty(cut.FindAll("[data-testid=scenario-problems]"));
    }

    [Fact]
    public async Task A_list_that_does_not_read_as_numbers_is_said_under_its_field_and_changes_nothing()
    {
        var (cut, workspace) = await RenderAsync(Hand());
        var before = ScenarioJsonWriter.Write(workspace.Scenario!);

        Type(cut, "options[0].annualPriceChange.values", "-30, -2O, 0");

        Eventually(() =>
        {
            Assert.Contains("'-2O' is not a number", cut.Find("[data-field='options[0].annualPriceChange.values']").TextContent, StringComparison.Ordinal);
            Assert.Equal("true", cut.Find("[data-field='options[0].annualPriceChange.values']").GetAttribute("data-invalid"));
        }, Slow);
        Assert.Equal(before, ScenarioJsonWriter.Write(workspace.Scenario!));
    }

    [Fact]
    public async Task Removing_a_distribution_keeps_the_number_and_drops_the_correlations_naming_it()
    {
        var hand = Hand();
        var (cut, workspace) = await RenderAsync(hand with { Correlations = [new RankCorrelation("api.annualPriceChange", "cloud.gpuHourPrice", 0.5)] });

        cut.Find("[data-testid='remove-distribution-api.annualPriceChange']").Click();

        Eventually(() => Assert.Empty(cut.FindAll("[data-distribution='api.annualPriceChange']")), Slow);
        var after = workspace.Scenario!;
        Assert.DoesNotContain(after.Uncertainties, u => u.Key == "api.annualPriceChange");
        Assert.Empty(after.Correlations);
        Assert.Equal(-0.2, ((ApiOption)after.Options[0]).AnnualPriceChange);
        Assert.Contains("\"annualPriceChange\": -0.2", ScenarioJsonWriter.Write(after), StringComparison.Ordinal);
        Eventually(() => Assert.Empty(workspace.Problems), Slow);
    }

    [Fact]
    public async Task Typing_the_number_of_an_uncertain_input_sets_its_value_and_emptying_it_uses_the_mean()
    {
        var (cut, workspace) = await RenderAsync(Hand());

        Type(cut, "options[1].gpuHourPrice", "3");
        Eventually(() => Assert.Equal(3.0, ScenarioEdits.UncertaintyOf(workspace.Scenario!, "cloud.gpuHourPrice")!.BaseValue), Slow);
        Assert.Equal(3.0, ((CloudOption)workspace.Scenario!.Options[1]).GpuHourPrice);

        Type(cut, "options[1].gpuHourPrice", "");
        // triangular(1.7, 2.5, 4): mean (1.7 + 2.5 + 4) / 3 = 2.7333...
        Eventually(() => Assert.Null(ScenarioEdits.UncertaintyOf(workspace.Scenario!, "cloud.gpuHourPrice")!.BaseValue), Slow);
        Assert.Equal((1.7 + 2.5 + 4.0) / 3, ((CloudOption)workspace.Scenario!.Options[1]).GpuHourPrice, 12);
        Eventually(() => Assert.Contains("the distribution's mean, $2.73",
            cut.Find("[data-field='options[1].gpuHourPrice']").TextContent, StringComparison.Ordinal), Slow);
        Assert.DoesNotContain("\"value\"", ScenarioJsonWriter.Write(workspace.Scenario!).Split("\"gpuHourPrice\"")[1].Split('}')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Renaming_an_option_carries_its_distributions_and_removing_it_removes_them()
    {
        var scenario = Example("risk-support-assistant");
        var cloud = scenario.Options.ToList().FindIndex(o => o.Id == "cloud");

        var renamed = ScenarioEdits.ReplaceOption(scenario, cloud, scenario.Options[cloud] with { Id = "neocloud" });
        Assert.Contains(renamed.Uncertainties, u => u.Key == "neocloud.gpuHourPrice");
        Assert.DoesNotContain(renamed.Uncertainties, u => u.Key.StartsWith("cloud.", StringComparison.Ordinal));
        Assert.Contains(renamed.Correlations, c => c.Second == "neocloud.annualPriceChange");
        Assert.Empty(Planner.CostModel.Json.ScenarioValidator.Validate(renamed));

        var removed = ScenarioEdits.RemoveOption(renamed, cloud);
        Assert.DoesNotContain(removed.Uncertainties, u => u.Key.StartsWith("neocloud.", StringComparison.Ordinal));
        Assert.DoesNotContain(removed.Correlations, c => c.First.StartsWith("neocloud.", StringComparison.Ordinal) || c.Second.StartsWith("neocloud.", StringComparison.Ordinal));
        Assert.Empty(Planner.CostModel.Json.ScenarioValidator.Validate(removed));

        var duplicated = ScenarioEdits.DuplicateOption(scenario, cloud);
        Assert.Equal(ScenarioEdits.UncertaintyOf(scenario, "cloud.gpuHourPrice")!.Distribution,
            ScenarioEdits.UncertaintyOf(duplicated, "cloud-copy.gpuHourPrice")!.Distribution);
    }

    [Theory]
    [InlineData(DistributionKind.Triangular, "triangular(min 2, mode 2.5, max 3)")]
    [InlineData(DistributionKind.Pert, "pert(min 2, mode 2.5, max 3)")]
    [InlineData(DistributionKind.Uniform, "uniform(min 2, max 3)")]
    [InlineData(DistributionKind.Normal, "normal(mean 2.5, stdDev 0.25)")]
    [InlineData(DistributionKind.LogNormal, "lognormal(mean 2.5, stdDev 0.25)")]
    [InlineData(DistributionKind.Discrete, "discrete(2: ?, 2.5: ?, 3: ?)")]
    public void A_new_distribution_starts_around_the_value_as_the_tornado_spreads_it(DistributionKind kind, string expected)
    {
        // 2.5 with the tornado's default factors 0.8 and 1.2: 2 to 3; a standard deviation of a quarter of that.
        var scenario = Example();
        var input = Planner.CostModel.Inputs.ScenarioInputs.List(scenario).Single(i => i.Key == "cloud.gpuHourPrice");
        Assert.Equal(2.5, input.Get(scenario));
        Assert.Equal(expected, ScenarioEdits.StartingDistribution(kind, 2.5, input.Field, scenario.Sensitivity).Describe());
        // Added, it keeps the number as its "value", so the evaluation does not move.
        var added = ScenarioEdits.AddDistribution(scenario, input, kind);
        Assert.Equal(2.5, ScenarioEdits.UncertaintyOf(added, input.Key)!.BaseValue);
        Assert.Equal(2.5, input.Get(added));
    }

    [Theory]
    // A triangular's mode is the new mean, a quarter of its width the standard deviation, its bounds a normal's truncation.
    [InlineData("triangular(min 1.7, mode 2.5, max 4)", DistributionKind.Normal, "normal(mean 2.5, stdDev 0.575, min 1.7, max 4)")]
    [InlineData("normal(mean 2.5, stdDev 0.575, min 1.7, max 4)", DistributionKind.Triangular, "triangular(min 1.7, mode 2.5, max 4)")]
    [InlineData("triangular(min 1.7, mode 2.5, max 4)", DistributionKind.Pert, "pert(min 1.7, mode 2.5, max 4)")]
    [InlineData("triangular(min 1.7, mode 2.5, max 4)", DistributionKind.Uniform, "uniform(min 1.7, max 4)")]
    [InlineData("triangular(min 1.7, mode 2.5, max 4)", DistributionKind.LogNormal, "lognormal(mean 2.5, stdDev 0.575)")]
    [InlineData("triangular(min 1.7, mode 2.5, max 4)", DistributionKind.Discrete, "discrete(1.7: ?, 2.5: ?, 4: ?)")]
    // A uniform's middle is the mode; an untruncated normal or a lognormal spans its mean ± 2 standard deviations.
    [InlineData("uniform(min 1.7, max 4)", DistributionKind.Triangular, "triangular(min 1.7, mode 2.85, max 4)")]
    [InlineData("lognormal(mean 2.5, stdDev 0.575)", DistributionKind.Pert, "pert(min 1.35, mode 2.5, max 3.65)")]
    [InlineData("lognormal(mean 2.5, stdDev 0.575)", DistributionKind.Normal, "normal(mean 2.5, stdDev 0.575)")]
    [InlineData("normal(mean 2.5, stdDev 0.25)", DistributionKind.Uniform, "uniform(min 2, max 3)")]
    // A discrete's expected value (equal weights: (1 + 2 + 6) / 3 = 3) is the centre, its smallest and largest values the bounds.
    [InlineData("discrete(1, 2, 6)", DistributionKind.Triangular, "triangular(min 1, mode 3, max 6)")]
    [InlineData("discrete(1, 2, 6)", DistributionKind.Normal, "normal(mean 3, stdDev 1.25, min 1, max 6)")]
    // What the old distribution cannot supply starts around the input's value (2.5: 2 to 3, as the tornado spreads it).
    [InlineData("triangular(min 1.7, max 4)", DistributionKind.Normal, "normal(mean 2.5, stdDev 0.575, min 1.7, max 4)")]
    [InlineData("normal(mean 3)", DistributionKind.Triangular, "triangular(min 2, mode 3, max 3)")]
    public void Changing_the_kind_carries_the_centre_bounds_and_spread_over(string from, DistributionKind kind, string expected)
    {
        var scenario = Example();
        var input = Planner.CostModel.Inputs.ScenarioInputs.List(scenario).Single(i => i.Key == "cloud.gpuHourPrice");
        Assert.Equal(expected, ScenarioEdits.CarriedOver(Parsed(from), kind, 2.5, input.Field, scenario.Sensitivity).Describe());
    }

    [Fact]
    public async Task Changing_the_kind_in_the_editor_keeps_the_numbers_typed()
    {
        var (cut, workspace) = await RenderAsync(Hand());

        // triangular(1.7, 2.5, 4) → normal → lognormal → triangular: the mode survives as the mean, the width as the spread.
        await ChooseKindAsync(cut, "cloud.gpuHourPrice", DistributionKind.Normal);
        Eventually(() => Assert.Equal("normal(mean 2.5, stdDev 0.575, min 1.7, max 4)", Of(workspace, "cloud.gpuHourPrice").Describe()), Slow);
        Eventually(() => Assert.Equal("0.575", cut.Find("[data-field='options[1].gpuHourPrice.stdDev'] input").GetAttribute("value")), Slow);
        await ChooseKindAsync(cut, "cloud.gpuHourPrice", DistributionKind.LogNormal);
        Eventually(() => Assert.Equal("lognormal(mean 2.5, stdDev 0.575)", Of(workspace, "cloud.gpuHourPrice").Describe()), Slow);
        await ChooseKindAsync(cut, "cloud.gpuHourPrice", DistributionKind.Triangular);
        Eventually(() => Assert.Equal("triangular(min 1.35, mode 2.5, max 3.65)", Of(workspace, "cloud.gpuHourPrice").Describe()), Slow);
        Eventually(() => Assert.Equal("1.35", cut.Find("[data-field='options[1].gpuHourPrice.min'] input").GetAttribute("value")), Slow);
        // The deterministic "value" stays the number typed in the field.
        Assert.Equal(2.5, ScenarioEdits.UncertaintyOf(workspace.Scenario!, "cloud.gpuHourPrice")!.BaseValue);
        Eventually(() => Assert.Empty(workspace.Problems), Slow);
    }

    /// <summary>A distribution written as <see cref="Distribution.Describe"/> writes it ("discrete(1, 2, 6)" lists values only).</summary>
    private static Distribution Parsed(string text)
    {
        var name = text[..text.IndexOf('(', StringComparison.Ordinal)];
        var kind = Enum.GetValues<DistributionKind>().Single(k => k.ToString().Equals(name, StringComparison.OrdinalIgnoreCase));
        var body = text[(name.Length + 1)..^1];
        if (kind == DistributionKind.Discrete)
        {
            return new Distribution { Kind = kind, Values = body.Split(", ").Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList() };
        }
        var given = body.Split(", ").Select(p => p.Split(' ')).ToDictionary(p => p[0], p => (double?)double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        return new Distribution
        {
            Kind = kind,
            Min = given.GetValueOrDefault("min"),
            Mode = given.GetValueOrDefault("mode"),
            Max = given.GetValueOrDefault("max"),
            Mean = given.GetValueOrDefault("mean"),
            StdDev = given.GetValueOrDefault("stdDev"),
        };
    }

    private static Distribution Of(ScenarioWorkspace workspace, string key) => ScenarioEdits.UncertaintyOf(workspace.Scenario!, key)!.Distribution;

    private static async Task ChooseKindAsync(IRenderedComponent<Editor> cut, string key, DistributionKind kind)
    {
        var editor = cut.FindComponents<Planner.Web.Components.Shared.DistributionEditor>().Single(d => d.Instance.Input.Key == key);
        var select = editor.FindComponent<MudSelect<DistributionKind>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(kind));
    }

    private static void TypeAndWait(IRenderedComponent<Editor> cut, ScenarioWorkspace workspace, string field, string text, string key, Func<Distribution, bool> landed)
    {
        Type(cut, field, text);
        Eventually(() =>
        {
            Assert.True(landed(Of(workspace, key)));
            Assert.Equal("false", cut.Find($"[data-field='{field}']").GetAttribute("data-invalid"));
        }, Slow);
    }
}
