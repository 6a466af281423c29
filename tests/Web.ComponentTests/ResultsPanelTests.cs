using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class ResultsPanelTests : MudTestContext
{
    [Fact]
    public void Shows_present_value_and_levelized_cost_of_every_option_formatted_in_the_scenario_currency()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        foreach (var option in evaluation.Options)
        {
            var row = cut.Find($"[data-testid=option-results] tr[data-option={option.Id}]");
            Assert.Equal(Display.Money(option.PresentValue, "USD"), row.QuerySelector("[data-metric=presentValue]")!.TextContent);
            Assert.Equal(Display.PerMillionTokens(option.LevelizedCostPerMillionTokens, "USD"), row.QuerySelector("[data-metric=levelizedCost]")!.TextContent);
            Assert.StartsWith("$", row.QuerySelector("[data-metric=presentValue]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(",", row.QuerySelector("[data-metric=presentValue]")!.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Shows_idle_committed_gpu_hours_only_when_a_cloud_option_has_reserved_gpus()
    {
        var example = Example();
        var reserved = example with
        {
            Options = [.. example.Options.Select(o => o is CloudOption cloud ? cloud with { ReservedGpus = 40, ReservedTermMonths = 12, ReservedDiscount = 0.3 } : o)],
        };
        var evaluation = CostEngine.Evaluate(reserved);
        var cloudResult = evaluation.Options.Single(o => o.Kind == "cloud");

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));
        var plain = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, CostEngine.Evaluate(example)));

        Assert.True(cloudResult.IdleCommittedGpuHours > 0);
        Assert.Equal(Display.Number(cloudResult.IdleCommittedGpuHours!.Value),
            cut.Find($"[data-testid=option-results] tr[data-option={cloudResult.Id}] [data-metric=idleCommittedGpuHours]").TextContent);
        Assert.All(evaluation.Options.Where(o => o.Kind != "cloud"),
            o => Assert.Equal("—", cut.Find($"[data-testid=option-results] tr[data-option={o.Id}] [data-metric=idleCommittedGpuHours]").TextContent));
        Assert.Empty(plain.FindAll("[data-metric=idleCommittedGpuHours]"));
    }

    [Fact]
    public void Shows_each_option_sized_at_the_latency_targets_with_its_replicas_hour_by_hour()
    {
        var example = Example();
        var scenario = example with
        {
            Workload = example.Workload with
            {
                PeakToAverage = 1, TtftP95Seconds = 2, ItlP95Seconds = 0.06, HourlyShares = [.. Enumerable.Range(1, 24).Select(h => h / 300.0)],
            },
            Options = example.Options.Select(o => o is CostModel.Scenarios.CloudOption cloud ? cloud with { ReplicaRequestsPerSecond = 0.05, GpusPerReplica = 2 } : o).ToList(),
        };
        var evaluation = CostEngine.Evaluate(scenario);
        var cloud = evaluation.GetOption("cloud").AtTargets!;

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));
        var plain = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, CostEngine.Evaluate(example)));

        var row = cut.Find("[data-testid=at-targets] tr[data-option=cloud]");
        Assert.Equal(Display.Percent(cloud.AchievedUtilization), row.QuerySelector("[data-metric=utilization]")!.TextContent);
        Assert.Equal(Display.PerMillionTokens(cloud.CostPerMillionTokensWithoutTargets, "USD"), row.QuerySelector("[data-metric=withoutTargets]")!.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=at-targets] tr[data-option=onprem]"));
        var hours = cut.Find("[data-testid=replicas-by-hour] tr[data-option=cloud]").QuerySelectorAll("td.planner-num").Select(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(cloud.FirstMonthHours.Select(h => h.Replicas), hours);
        Assert.True(cloud.FirstMonthHours[23].Replicas > cloud.FirstMonthHours[0].Replicas);
        Assert.Empty(plain.FindAll("[data-testid=at-targets]"));
    }

    [Fact]
    public void Shows_a_hybrids_cloud_overflow_sized_at_the_latency_targets_as_a_row_of_its_own()
    {
        var example = Example("hybrid-support-assistant");
        var scenario = example with
        {
            Workload = example.Workload with { TtftP95Seconds = 2, ItlP95Seconds = 0.06 },
            Options = [.. example.Options.Select(o => o is CloudOption cloud ? cloud with { ReplicaRequestsPerSecond = 1.3, GpusPerReplica = 2 } : o)],
        };
        var evaluation = CostEngine.Evaluate(scenario, includeTornado: false);
        var overflow = evaluation.GetOption("hybrid-cloud").Hybrid!.OverflowAtTargets!;

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        var row = cut.Find("[data-testid=at-targets] tr[data-option=hybrid-cloud][data-sized=overflow]");
        var cells = row.QuerySelectorAll("td");
        Assert.Equal($"{evaluation.GetOption("hybrid-cloud").Name}: overflow to {evaluation.GetOption("cloud").Name}", cells[0].TextContent);
        Assert.Equal($"overflow rented, following the profile, {Display.Number(1.3, 2)} req/s per replica of 2 GPUs", cells[1].TextContent);
        Assert.Equal(Display.Percent(overflow.AchievedUtilization), row.QuerySelector("[data-metric=utilization]")!.TextContent);
        Assert.Equal(Display.PerMillionTokens(overflow.CostPerMillionTokensAtTargets, "USD"), row.QuerySelector("[data-metric=atTargets]")!.TextContent);
        Assert.Equal(Display.PerMillionTokens(overflow.CostPerMillionTokensWithoutTargets, "USD"), row.QuerySelector("[data-metric=withoutTargets]")!.TextContent);
        var hours = cut.FindAll("[data-testid=replicas-by-hour] tr[data-option=hybrid-cloud][data-sized=overflow] td.planner-num")
            .Select(td => int.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(overflow.FirstMonthHours.Select(h => h.Replicas), hours);
        Assert.Single(cut.FindAll("[data-testid=at-targets] tr[data-option=cloud][data-sized=option]"));
    }

    [Fact]
    public void Several_proved_rates_show_as_several_with_the_one_note_naming_them()
    {
        var evaluation = CostEngine.Evaluate(Example(), includeTornado: false);
        var first = evaluation.Comparisons[0] with
        {
            IrrAnnual = Math.Pow(1.1, 12) - 1, IrrRatesAnnual = [Math.Pow(1.1, 12) - 1, Math.Pow(1.2, 12) - 1],
            IrrNote = IrrNotes.SeveralRates([Math.Pow(1.1, 12) - 1, Math.Pow(1.2, 12) - 1]).ToString(),
        };
        var several = evaluation with { Comparisons = [first, .. evaluation.Comparisons.Skip(1)] };

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, several));

        Assert.Equal("several *", cut.Find($"[data-testid=comparisons] tr[data-option={first.Option}] [data-metric=irr]").TextContent);
        Assert.Contains(cut.FindAll("[data-testid=irr-note]"), n => n.TextContent ==
            $"* {several.GetOption(first.Option).Name}: several rates (213.8% and 791.6% a year): the IRR is not meaningful; judge the option by its NPV savings.");
    }

    [Fact]
    public void States_the_value_models_derived_value_beside_the_benefits_and_nothing_without_them()
    {
        var inspection = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, CostEngine.Evaluate(Example("visual-inspection"))));
        var maintenance = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, CostEngine.Evaluate(Example("predictive-maintenance"))));
        var plain = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, CostEngine.Evaluate(Example())));

        // 0.003 x 0.9 x 2.50 - 0.997 x 0.01 x 0.10 = 0.005753 per image; 8.4 x 36,000 - 6 x 400 = 300,000 a month.
        Assert.StartsWith("Value models: quality inspection $0.0058 per inspected item.", inspection.Find("[data-testid=value-models]").TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Value models: predictive maintenance $300,000 a month.", maintenance.Find("[data-testid=value-models]").TextContent, StringComparison.Ordinal);
        Assert.Empty(plain.FindAll("[data-testid=value-models]"));
    }

    [Fact]
    public void Shows_npv_savings_irr_and_payback_against_the_baseline()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        foreach (var comparison in evaluation.Comparisons)
        {
            var row = cut.Find($"[data-testid=comparisons] tr[data-option={comparison.Option}]");
            Assert.Equal(Display.Money(comparison.NpvSavings, "USD"), row.QuerySelector("[data-metric=npvSavings]")!.TextContent);
            Assert.Equal(IrrNotes.Shown(comparison) + (comparison.IrrNote is null ? "" : " *"), row.QuerySelector("[data-metric=irr]")!.TextContent);
            Assert.Equal(Display.Month(comparison.PaybackMonth), row.QuerySelector("[data-metric=payback]")!.TextContent);
        }
    }

    [Fact]
    public void An_irr_above_1000_percent_is_written_as_over_1000_with_the_engine_note_below()
    {
        var evaluation = CostEngine.Evaluate(Example());
        var huge = evaluation.Comparisons[0] with { IrrAnnual = 92.706, IrrNote = IrrNotes.HugeRate };
        evaluation = evaluation with { Comparisons = [huge, .. evaluation.Comparisons.Skip(1)] };

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        var cell = cut.Find($"[data-testid=comparisons] tr[data-option={huge.Option}] [data-metric=irr]").TextContent;
        Assert.Equal("over 1,000% *", cell);
        Assert.DoesNotContain("9,270", cut.Markup, StringComparison.Ordinal);
        Assert.Contains(cut.FindAll("[data-testid=irr-note]"), n => n.TextContent == $"* {evaluation.GetOption(huge.Option).Name}: {IrrNotes.HugeRate}.");
    }

    [Fact]
    public void Stale_results_are_greyed_and_the_recommendation_is_not_shown_as_current()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation).Add(x => x.Stale, true));

        Assert.Contains("Out of date", cut.Find("[data-testid=results-stale]").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", cut.Find("[data-stale]").GetAttribute("data-stale"));
        Assert.Contains("planner-stale", cut.Find("[data-stale]").ClassName, StringComparison.Ordinal);
        var recommendation = cut.Find("[data-testid=recommendation]");
        Assert.Equal("false", recommendation.GetAttribute("data-current"));
        Assert.DoesNotContain("Recommended:", recommendation.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_evaluation_explains_when_results_appear()
    {
        var cut = Render<ResultsPanel>();

        Assert.Contains("once the scenario has no problems", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=recommendation]"));
    }

    [Fact]
    public void Money_is_written_with_currency_symbol_and_thousands_separators()
    {
        Assert.Equal("$1,234,568", Display.Money(1_234_567.8, "USD"));
        Assert.Equal("-€12,345.68", Display.Money(-12_345.678, "EUR", 2));
        Assert.Equal("SEK 1,000", Display.Money(1000, "SEK"));
    }
}
