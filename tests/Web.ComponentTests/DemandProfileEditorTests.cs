using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>
/// Issue 13 (ADR 017): the workload's hourly demand profile, weekend profile and weekend day volume are edited in the
/// editor (24 cells or 24 pasted numbers), checked with the JSON path's messages, and written as the documented example.
/// </summary>
public sealed class DemandProfileEditorTests : MudTestContext
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    /// <summary>docs/scenario-format.md's business-hours profile with quiet weekends.</summary>
    private const string Weekday = "0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.04, 0.07, 0.08, 0.08, 0.08, 0.07, 0.08, 0.08, 0.08, 0.07, 0.06, 0.04, 0.03, 0.02, 0.02, 0.01, 0.01";

    private const string Weekend = "0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.03, 0.04, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.04, 0.04, 0.04, 0.03";

    private async Task<(IRenderedComponent<Editor> Cut, ScenarioWorkspace Workspace)> RenderAsync(Scenario scenario)
    {
        Render<MudPopoverProvider>();
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(scenario, "profile");
        return (Render<Editor>(), workspace);
    }

    private static void Paste<T>(IRenderedComponent<T> cut, string path, string text) where T : Microsoft.AspNetCore.Components.IComponent
    {
        cut.Find($"[data-field='{path}'] textarea").Input(text);
        cut.Find($"[data-field='{path}'] textarea").Blur();
    }

    [Fact]
    public async Task A_profile_pasted_with_a_weekend_profile_and_volume_is_written_as_the_documented_example()
    {
        var example = Example();
        var (cut, workspace) = await RenderAsync(example with { Workload = example.Workload with { PeakToAverage = 2.5 } });

        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Hourly demand profile").Instance.ValueChanged.InvokeAsync(true));
        // Turned on, the day starts flat and the single peak factor is left at 1, as a profile requires.
        Eventually(() => Assert.Equal(24, cut.FindAll("[data-profile='workload.hourlyShares'] [data-field^='workload.hourlyShares[']").Count), Slow);
        Assert.Equal(1, workspace.Scenario!.Workload.PeakToAverage);

        Paste(cut, "workload.hourlyShares", Weekday);
        Eventually(() => Assert.Equal(0.08, workspace.Scenario!.Workload.HourlyShares![9]), Slow);
        // Busiest hour: 24 x 0.08 = 1.92 x the average, first at 09:00.
        Eventually(() => Assert.Contains("Busiest hour 09:00-10:00: 1.92 x the average rate", cut.Find("[data-testid=profile-busiest]").TextContent, StringComparison.Ordinal), Slow);

        await cut.InvokeAsync(() => cut.FindComponents<MudSwitch<bool>>().Single(s => s.Instance.Label == "Weekends have their own profile").Instance.ValueChanged.InvokeAsync(true));
        Eventually(() => Assert.NotNull(cut.Find("[data-profile='workload.weekendHourlyShares']")), Slow);
        Assert.Equal(workspace.Scenario!.Workload.HourlyShares, workspace.Scenario!.Workload.WeekendHourlyShares);
        Paste(cut, "workload.weekendHourlyShares", Weekend);
        Eventually(() => Assert.Equal(0.04, workspace.Scenario!.Workload.WeekendHourlyShares![7]), Slow);
        // The weekend day volume is shown beside the weekend profile.
        Type(cut, "workload.weekendDayVolume", "0.3");
        Eventually(() => Assert.Equal(0.3, workspace.Scenario!.Workload.WeekendDayVolume), Slow);
        Assert.NotNull(cut.Find("[data-testid=demand-profile] [data-field='workload.weekendDayVolume']"));

        Eventually(() => Assert.Empty(workspace.Problems), Slow);
        var handWritten = example with
        {
            Workload = example.Workload with
            {
                PeakToAverage = 1,
                HourlyShares = Weekday.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                WeekendHourlyShares = Weekend.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                WeekendDayVolume = 0.3,
            },
        };
        Assert.Equal(ScenarioJsonWriter.Write(handWritten), ScenarioJsonWriter.Write(workspace.Scenario!));
    }

    [Fact]
    public async Task Hourly_counts_pasted_as_they_are_are_named_by_their_sum_and_scaled_to_shares_in_one_click()
    {
        var example = Example();
        var (cut, workspace) = await RenderAsync(example with { Workload = example.Workload with { PeakToAverage = 1, HourlyShares = Enumerable.Repeat(1.0 / 24, 24).ToArray() } });

        Paste(cut, "workload.hourlyShares", string.Join("\n", Enumerable.Range(1, 24)));
        // Counts are not shares: each hour above 1 is named under its cell.
        Eventually(() => Assert.Contains("workload.hourlyShares[23] must be >= 0 and <= 1 (a share of the day's requests; got 24)",
            cut.Find("[data-field='workload.hourlyShares[23]']").TextContent, StringComparison.Ordinal), Slow);
        Eventually(() => Assert.NotNull(cut.Find("[data-testid=results-stale]")), Slow);
        // And the box names their sum with the tolerance as they are typed, before Scale; the button writes the sum for the culture.
        Assert.Contains("workload.hourlyShares must add up to 1 (within 0.001): each is the share of a day's requests in that hour (got a sum of 300)",
            cut.Find("[data-field='workload.hourlyShares']").TextContent, StringComparison.Ordinal);
        Assert.Equal("true", cut.Find("[data-field='workload.hourlyShares']").GetAttribute("data-invalid"));
        Assert.Equal("Scale to add up to 1 (now 300)", cut.Find("[data-testid='scale-workload.hourlyShares']").TextContent.Trim());
        cut.Find("[data-testid='scale-workload.hourlyShares']").Click();
        // 1..24 sum to 300: hour 23 has 24/300 = 0.08, 1.92 x the average.
        Eventually(() => Assert.Empty(workspace.Problems), Slow);
        Assert.Equal(0.08, workspace.Scenario!.Workload.HourlyShares![23]);
        Assert.Equal(1.92, DemandShape.PeakToAverage(workspace.Scenario!.Workload), 4);
        Eventually(() => Assert.Contains("Busiest hour 23:00-00:00", cut.Find("[data-testid=profile-busiest]").TextContent, StringComparison.Ordinal), Slow);
    }

    [Fact]
    public async Task A_wrong_count_a_share_out_of_range_and_words_are_each_shown_where_they_are()
    {
        var example = Example();
        var (cut, workspace) = await RenderAsync(example with { Workload = example.Workload with { PeakToAverage = 1, HourlyShares = Enumerable.Repeat(1.0 / 24, 24).ToArray() } });
        var before = ScenarioJsonWriter.Write(workspace.Scenario!);

        // Words that are not numbers change nothing and say which piece.
        Paste(cut, "workload.hourlyShares", "0.5 half 0.5");
        Eventually(() => Assert.Contains("'half' is not a number", cut.Find("[data-field='workload.hourlyShares']").TextContent, StringComparison.Ordinal), Slow);
        Assert.Equal(before, ScenarioJsonWriter.Write(workspace.Scenario!));

        // A share out of range, under its hour's cell.
        Type(cut, "workload.hourlyShares[3]", "-0.5");
        Eventually(() => Assert.Contains("workload.hourlyShares[3] must be >= 0 and <= 1 (a share of the day's requests; got -0.5)",
            cut.Find("[data-field='workload.hourlyShares[3]']").TextContent, StringComparison.Ordinal), Slow);

        // 23 numbers: the count, under the box (set as a paste of 23 would set them).
        await cut.InvokeAsync(() => workspace.EditAsync(s => ScenarioEdits.SetHourlyShares(s, weekend: false, Enumerable.Repeat(0.04, 23).ToArray())));
        Eventually(() => Assert.Contains("workload.hourlyShares must list exactly 24 hourly shares, hour 0 (00:00-01:00) first (got 23)",
            cut.Find("[data-field='workload.hourlyShares']").TextContent, StringComparison.Ordinal), Slow);
    }

    [Fact]
    public void Turning_the_profile_off_drops_the_weekend_profile_and_its_volume()
    {
        var on = ScenarioEdits.SetWeekendProfile(ScenarioEdits.SetHourlyProfile(Example(), on: true), on: true);
        var withVolume = on with { Workload = on.Workload with { WeekendDayVolume = 0.3 } };
        Assert.Empty(ScenarioValidator.Validate(withVolume));

        var off = ScenarioEdits.SetHourlyProfile(withVolume, on: false);

        Assert.Null(off.Workload.HourlyShares);
        Assert.Null(off.Workload.WeekendHourlyShares);
        Assert.Equal(1, off.Workload.WeekendDayVolume);
        Assert.Empty(ScenarioValidator.Validate(off));
    }
}
