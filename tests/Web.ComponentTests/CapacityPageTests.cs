using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.Data.Projections;
using Planner.Web.Components.Charts;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class CapacityPageTests : MudTestContext
{
    private IRenderedComponent<CapacityPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var cut = Render<CapacityPage>();
        cut.WaitForElement("[data-testid=capacity-form]", Patience);
        return cut;
    }

    /// <summary>Runs the search with the form as it is and waits for its results.</summary>
    /// <summary>
    /// Finds and clicks in one step on the renderer's dispatcher: a button found first and clicked after a re-render (a
    /// debounced field or an evaluation finishing in between) would carry an event handler id that no longer exists.
    /// </summary>
    private static void Click(IRenderedComponent<CapacityPage> cut, string testId) =>
        cut.InvokeAsync(() => cut.Find($"[data-testid={testId}]").Click()).GetAwaiter().GetResult();

    private static CapacitySettings Run(IRenderedComponent<CapacityPage> cut)
    {
        var settings = cut.Instance.Settings();
        Click(cut, "run-capacity");
        Eventually(() => Assert.NotEmpty(cut.FindAll("[data-testid=capacity-results]")), TimeSpan.FromSeconds(120));
        return settings;
    }

    private Task<CapacityPlan> ExpectedAsync(CapacitySettings settings) =>
        Services.GetRequiredService<CapacityService>().PlanAsync(settings, f => f, null, CancellationToken.None);

    [Fact]
    public async Task The_search_shows_the_services_capacity_latencies_charts_and_pareto_curve()
    {
        var cut = RenderPage();
        Type(cut, "duration", "60");
        Eventually(() => Assert.Equal(60, cut.Instance.Settings().Duration), Patience);

        var settings = Run(cut);

        var expected = await ExpectedAsync(settings);
        Assert.True(expected.MaxRatePerSecond > 0);
        Assert.Equal(expected.MaxRatePerSecond, double.Parse(cut.Find("[data-testid=capacity-rate]").GetAttribute("data-rate")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"{Display.Number(expected.MaxRatePerSecond, 2)} requests/s", cut.Find("[data-testid=capacity-rate]").TextContent, StringComparison.Ordinal);
        Assert.Equal(Display.Number(expected.AtMaxRate!.OutputTokensPerSecondPerGpu, 0) + " tokens/s", cut.Find("[data-metric=tokensPerGpu]").TextContent);
        Assert.Contains(Display.Number(expected.AtMaxRate.Metrics.TimeToFirstTokenMs.P95, 1), cut.Find("[data-testid=capacity-latency]").TextContent, StringComparison.Ordinal);

        var ttft = cut.FindComponents<LatencyByRateChart>().Single(c => c.Instance.Latency == CapacityCharts.Latency.TimeToFirstToken).Instance.Chart;
        Assert.Equal(expected.Sweep.Select(p => p.TimeToFirstTokenMs.P95), ttft.Series.Single(s => s.Key == CapacityCharts.P95).Y);
        Assert.Equal([settings.TtftMs, settings.TtftMs], ttft.Series.Single(s => s.Key == CapacityCharts.Target).Y);
        Assert.Equal(expected.MaxRatePerSecond, Assert.Single(ttft.Markers).At);
        var itl = cut.FindComponents<LatencyByRateChart>().Single(c => c.Instance.Latency == CapacityCharts.Latency.InterToken).Instance.Chart;
        Assert.Equal(expected.Sweep.Select(p => p.InterTokenLatencyMs.P99), itl.Series.Single(s => s.Key == CapacityCharts.P99).Y);
        Assert.Equal(CapacityPage.SweepPoints, expected.Sweep.Count);

        Assert.Equal(3, cut.FindAll("[data-testid=capacity-curve-table] tbody tr").Count);
        var front = expected.Curve.Where(p => p.Pareto).ToList();
        Assert.Equal(front.Count, cut.FindAll("[data-testid=capacity-curve-table] tr[data-pareto=true]").Count);
        var pareto = cut.FindComponent<ThroughputLatencyChart>().Instance.Chart;
        Assert.Equal(front.OrderBy(p => p.OutputTokensPerSecondPerUser).Select(p => p.OutputTokensPerSecondPerGpu), pareto.Series.Single(s => s.Key == CapacityCharts.Front).Y);
        Assert.NotEmpty(cut.FindAll("[data-chart=capacity-ttft]"));
        Assert.NotEmpty(cut.FindAll("[data-chart=capacity-pareto]"));
    }

    [Fact]
    public async Task The_peak_gives_replicas_and_gpus_and_one_click_hands_them_with_the_throughput_to_the_scenario()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example(), "support-assistant");
        var cut = RenderPage();
        Type(cut, "duration", "60");
        Type(cut, "gpusPerReplica", "2");
        Eventually(() => Assert.Equal(2, cut.Instance.Settings().GpusPerReplica), Patience);
        var settings = Run(cut);
        var expected = await ExpectedAsync(settings);

        Type(cut, "rate", "100");

        var replicas = (int)Math.Ceiling(100 / expected.MaxRatePerSecond);
        Eventually(() => Assert.Equal(replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=capacity-fleet]").GetAttribute("data-replicas")), Patience);
        Assert.Equal((replicas * 2).ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("[data-testid=capacity-fleet]").GetAttribute("data-gpus"));
        Assert.Contains($"at least {replicas * 2} GPUs", cut.Find("[data-testid=fleet-choice]").TextContent, StringComparison.Ordinal);
        var batch = (int)Math.Round(expected.AtMaxRate!.MeanBatch);
        Assert.Contains($"projection of llama-3-8b on 2x NVIDIA H100 SXM bf16 batch {batch}, 512 in + 128 out", cut.Find("[data-testid=use-in-scenario]").TextContent, StringComparison.Ordinal);

        await cut.InvokeAsync(() => cut.Find("[data-testid=use-in-scenario-button]").Click());

        var option = Assert.IsType<CloudOption>(workspace.Scenario!.GetOption("cloud"));
        Assert.Equal(replicas * 2, option.MinGpus);
        Assert.Equal(new ProjectionReference { Model = "llama-3-8b", Gpu = "NVIDIA H100 SXM", Gpus = 2, Precision = "bf16", Batch = batch, InputTokens = 512, OutputTokens = 128 },
            option.References.ThroughputFrom!.Projection);
        Assert.Empty(workspace.Problems);
        Assert.True(((CloudOption)workspace.Resolved!.GetOption("cloud")).DecodeTokensPerGpuSecond > 0);
    }

    [Fact]
    public async Task With_kv_cache_on_demand_the_search_is_the_services_on_demand_search_and_the_scenario_is_sized_on_demand()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example(), "support-assistant");
        var cut = RenderPage();
        Assert.Null(cut.Instance.Settings().KvAllocation);
        Type(cut, "duration", "60");
        cut.Find("[data-field=kvAllocation] input").Change(true);
        Eventually(() => Assert.Equal(("onDemand", 60.0), (cut.Instance.Settings().KvAllocation, cut.Instance.Settings().Duration)), Patience);

        var settings = Run(cut);

        // The CLI's --kv-allocation onDemand and the API's kvAllocation: the same service and settings.
        var expected = await ExpectedAsync(settings);
        Assert.Equal(expected.MaxRatePerSecond, double.Parse(cut.Find("[data-testid=capacity-rate]").GetAttribute("data-rate")!, System.Globalization.CultureInfo.InvariantCulture));
        await cut.InvokeAsync(() => cut.Find("[data-testid=use-in-scenario-button]").Click());
        var option = Assert.IsType<CloudOption>(workspace.Scenario!.GetOption("cloud"));
        Assert.Equal(KvAllocation.OnDemand, option.References.ThroughputFrom!.Projection!.KvAllocation);
    }

    [Fact]
    public async Task Closed_loop_users_get_the_services_users_per_replica_the_rate_they_achieve_and_the_replicas_for_them()
    {
        var cut = RenderPage();
        Type(cut, "duration", "60");
        cut.Find("[data-field=closedLoop] input").Change(true);
        cut.WaitForElement("[data-field=clients] input", Patience);
        Type(cut, "clients", "300");
        Type(cut, "thinkTime", "5");
        Eventually(() => Assert.Equal((300, 5.0), (cut.Instance.Settings().Clients, cut.Instance.Settings().ThinkTime)), Patience);

        var settings = Run(cut);

        // The page shows what the service answers for the same settings (the CLI's --clients 300 --think-time 5).
        var expected = await ExpectedAsync(settings);
        var users = expected.ClosedLoop!;
        Assert.True(users.MaxClientsPerReplica > 0);
        var rate = cut.Find("[data-testid=capacity-rate]");
        Assert.Equal(users.MaxClientsPerReplica.ToString(System.Globalization.CultureInfo.InvariantCulture), rate.GetAttribute("data-users"));
        Assert.Equal(expected.MaxRatePerSecond, double.Parse(rate.GetAttribute("data-rate")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"serves {Display.Number(users.MaxClientsPerReplica)} users (each thinking 5.0 s on average between an answer and the next request), achieving {Display.Number(expected.MaxRatePerSecond, 2)} requests/s within p95",
            rate.TextContent, StringComparison.Ordinal);
        var fleet = cut.Find("[data-testid=capacity-fleet]");
        Assert.Equal(expected.Replicas.ToString(), fleet.GetAttribute("data-replicas"));
        Assert.Equal(expected.Gpus.ToString(), fleet.GetAttribute("data-gpus"));
        Assert.StartsWith("300 users at peak: ", fleet.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-field=rate]"));
        Assert.Equal(expected.Curve.Select(p => p.MaxClients.ToString()), cut.FindAll("[data-testid=capacity-curve-table] td[data-users]").Select(td => td.GetAttribute("data-users")));

        // More users later: the replicas follow from the users per replica found, without searching again.
        Type(cut, "clients", (users.MaxClientsPerReplica * 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Eventually(() => Assert.Equal("3", cut.Find("[data-testid=capacity-fleet]").GetAttribute("data-replicas")), Patience);
    }

    [Theory]
    [InlineData("en", "0", "-1", "Users at peak", "clients must be >= 1 and <= 1000000 (got 0)", "thinkTime must be >= 0 and <= 3600 seconds (got -1)")]
    [InlineData("zh-CN", "2000000", "4000", "峰值用户数", "clients 必须 >= 1 且 <= 1000000（输入为 2000000）", "thinkTime 必须 >= 0 且 <= 3600 秒（输入为 4000）")]
    public void Users_and_think_time_out_of_range_are_said_under_their_fields_while_typing_naming_the_field_and_range(
        string language, string users, string thinkTime, string usersLabel, string usersProblem, string thinkTimeProblem)
    {
        using var culture = new Localization.CultureScope(language);
        var cut = RenderPage();
        cut.Find("[data-field=closedLoop] input").Change(true);
        cut.WaitForElement("[data-field=clients] input", Patience);
        Type(cut, "clients", users);
        Type(cut, "thinkTime", thinkTime);

        Eventually(() => Assert.Contains(usersProblem, cut.Find("[data-field=clients]").TextContent, StringComparison.Ordinal), Patience);
        Eventually(() => Assert.Contains(thinkTimeProblem, cut.Find("[data-field=thinkTime]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.Equal("true", cut.Find("[data-field=clients]").GetAttribute("data-invalid"));
        Assert.Contains(usersLabel, cut.Find("[data-field=clients]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scheduler_steps_go_to_the_service_as_the_cli_and_api_send_them_and_out_of_range_is_said_under_the_field()
    {
        var cut = RenderPage();
        Assert.Equal(1, cut.Instance.Settings().SchedulerSteps);
        Type(cut, "duration", "60");
        Type(cut, "schedulerSteps", "8");
        Eventually(() => Assert.Equal((8, 60.0), (cut.Instance.Settings().SchedulerSteps, cut.Instance.Settings().Duration)), Patience);

        var settings = Run(cut);

        Assert.Equal(8, settings.SchedulerSteps);
        var expected = await ExpectedAsync(settings);
        Assert.Equal(expected.MaxRatePerSecond, double.Parse(cut.Find("[data-testid=capacity-rate]").GetAttribute("data-rate")!, System.Globalization.CultureInfo.InvariantCulture));

        Type(cut, "schedulerSteps", "65");
        Eventually(() => Assert.Equal(65, cut.Instance.Settings().SchedulerSteps), Patience);
        Click(cut, "run-capacity");
        Eventually(() => Assert.Contains("schedulerSteps must be >= 1 and <= 64 (got 65)", cut.Find("[data-field=schedulerSteps]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=capacity-results]"));
    }

    [Fact]
    public void Bad_input_is_shown_under_its_field_with_the_range_and_no_results()
    {
        var cut = RenderPage();
        Type(cut, "ttftMs", "0");
        Type(cut, "maxBatch", "0");
        Eventually(() => Assert.Equal(0, cut.Instance.Settings().MaxBatch), Patience);

        Click(cut, "run-capacity");

        Eventually(() => Assert.Contains("ttftMs: must be greater than 0 and at most 3600000 ms, got 0.", cut.Find("[data-field=ttftMs]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Contains("maxBatch must be >= 1 and <= ", cut.Find("[data-field=maxBatch]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=capacity-results]"));
        Assert.NotNull(cut.Find("[data-testid=capacity-none]"));
    }

    [Fact]
    public void Cancel_stops_a_long_search_which_shows_how_far_it_got_and_never_its_results()
    {
        var cut = RenderPage();
        Type(cut, "duration", "3600");
        Eventually(() => Assert.Equal(3600, cut.Instance.Settings().Duration), Patience);

        Click(cut, "run-capacity");
        Eventually(() => Assert.NotEmpty(cut.FindAll("[data-testid=capacity-progress]")), Patience);
        Click(cut, "cancel-capacity");

        Eventually(() => Assert.NotEmpty(cut.FindAll("[data-testid=run-capacity]")), TimeSpan.FromSeconds(60));
        Assert.Matches(@"Cancelled after \d+% of the simulated runs; no results are shown for a cancelled search\.", cut.Find("[data-testid=capacity-message]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=capacity-progress]"));
        Assert.Empty(cut.FindAll("[data-testid=capacity-results]"));
    }

    [Fact]
    public void Holding_gpus_rents_them_in_the_cloud_and_buys_whole_servers_on_premises()
    {
        var scenario = Example();
        var cloud = scenario.Options.ToList().FindIndex(o => o.Id == "cloud");
        var onPrem = scenario.Options.ToList().FindIndex(o => o.Id == "onprem");
        var perServer = ((OnPremOption)scenario.Options[onPrem]).GpusPerServer;

        var held = ScenarioEdits.HoldGpus(ScenarioEdits.HoldGpus(scenario, cloud, 12), onPrem, (perServer * 2) + 1);

        Assert.Equal(12, ((CloudOption)held.Options[cloud]).MinGpus);
        Assert.Equal(3, ((OnPremOption)held.Options[onPrem]).MinServers);
        var unset = scenario with { Options = [.. scenario.Options.Select(o => o is OnPremOption p ? p with { GpusPerServer = 0 } : o)] };
        Assert.Equal(((OnPremOption)unset.Options[onPrem]).MinServers, ((OnPremOption)ScenarioEdits.HoldGpus(unset, onPrem, 9).Options[onPrem]).MinServers);
    }
}
