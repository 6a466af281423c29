using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Uncertainty;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class RiskTests : MudTestContext
{
    [Theory]
    [InlineData("50")]
    [InlineData("2000000")]
    public async Task Trials_out_of_range_are_an_error_under_the_field_not_clamped(string trials)
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example("risk-support-assistant"), "risk-support-assistant");
        var cut = Render<Risk>();

        cut.Find("[data-field=trials] input").Change(trials);
        Eventually(() => Assert.Equal(trials, cut.Find("[data-field=trials] input").GetAttribute("value")), Patience);
        cut.Find("[data-testid=run-simulation]").Click();

        Eventually(() =>
        {
            var field = cut.Find("[data-field=trials]");
            Assert.Equal("true", field.GetAttribute("data-invalid"));
            Assert.Contains($"must be >= {SimulationSettings.MinTrials} and <= {SimulationSettings.MaxTrials:N0} (got {trials})", field.TextContent, StringComparison.Ordinal);
        }, Patience);
        Assert.Empty(cut.FindAll("[data-testid=simulation]"));
    }

    [Fact]
    public async Task Cancel_stops_a_long_run_which_shows_how_far_it_got_and_never_its_results()
    {
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example("risk-support-assistant"), "risk-support-assistant");
        var cut = Render<Risk>();
        cut.Find("[data-field=trials] input").Change("1000000");
        Eventually(() => Assert.Equal("1000000", cut.Find("[data-field=trials] input").GetAttribute("value")), Patience);

        cut.Find("[data-testid=run-simulation]").Click();
        // Let it get going: the bar moves in steps of trials before the cancel.
        Eventually(() => Assert.Matches(@"^[1-9][\d,]* of 1,000,000 trials", cut.Find("[data-testid=simulation-progress-text]").TextContent.Trim()), Patience);
        cut.Find("[data-testid=cancel-simulation]").Click();

        Eventually(() => Assert.NotEmpty(cut.FindAll("[data-testid=run-simulation]")), Patience);
        var message = cut.Find("[data-testid=simulation-message]").TextContent;
        var finished = System.Text.RegularExpressions.Regex.Match(message, @"Cancelled after ([\d,]+) of 1,000,000 trials");
        Assert.True(finished.Success, message);
        Assert.InRange(int.Parse(finished.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture), 1, 999_999);
        Assert.Empty(cut.FindAll("[data-testid=cancel-simulation]"));
        Assert.Empty(cut.FindAll("[data-testid=simulation-progress]"));
        Assert.Empty(cut.FindAll("[data-testid=simulation]"));
    }

    [Fact]
    public async Task A_value_model_input_with_a_distribution_shows_the_npv_and_its_chance_of_being_positive()
    {
        Render<MudPopoverProvider>();
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "predictive-maintenance.json")).Replace(
            "\"downtimeCostPerHour\": 36000", "\"downtimeCostPerHour\": { \"distribution\": \"uniform\", \"min\": 0, \"max\": 1500 }",
            StringComparison.Ordinal);
        var scenario = Planner.CostModel.Json.ScenarioJson.Parse(json);
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(scenario, "predictive-maintenance");
        var cut = Render<Risk>();
        cut.Find("[data-field=trials] input").Change("1000");
        Eventually(() => Assert.Equal("1000", cut.Find("[data-field=trials] input").GetAttribute("value")), Patience);

        cut.Find("[data-testid=run-simulation]").Click();

        Eventually(() => Assert.NotEmpty(cut.FindAll("[data-testid=simulation-npv]")), Patience);
        var expected = Planner.CostModel.Uncertainty.MonteCarlo.Run(scenario, 1000, SimulationSettings.DefaultSeed, null, CancellationToken.None);
        foreach (var option in expected.Options)
        {
            var row = cut.Find($"[data-testid=simulation-npv] tr[data-option={option.Id}]");
            Assert.Contains(Display.Percent(option.ProbabilityPositiveNpv), row.TextContent, StringComparison.Ordinal);
            Assert.Contains(Display.Money(option.Npv!.Mean, expected.Currency), row.TextContent, StringComparison.Ordinal);
        }
        // A downtime cost of a few hundred a hour does not pay for the option (false alarms alone cost 2,400 a month).
        Assert.InRange(expected.GetOption(expected.Recommendation).ProbabilityPositiveNpv!.Value, 0.05, 0.95);
        var bar = cut.Find("[data-testid=simulation-value-tornado] tr[data-input='benefits.predictiveMaintenance.downtimeCostPerHour']");
        Assert.Contains("+1.00", bar.TextContent, StringComparison.Ordinal);
    }
}
