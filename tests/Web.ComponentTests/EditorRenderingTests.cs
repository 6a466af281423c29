using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Inputs;
using Planner.Web.Components.Pages;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>
/// Issue 15: an edit redraws the fields whose shown value, problem or helper line changed, not every field of the form
/// (each edit re-rendered the whole form: seconds of CPU per edit on the risk example under load).
/// </summary>
public sealed class EditorRenderingTests : MudTestContext
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_edit_redraws_only_the_fields_whose_content_changed_and_those_show_it()
    {
        Render<MudPopoverProvider>();
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example("risk-support-assistant"), "rendering");
        var cut = Render<Editor>();
        var fields = cut.FindComponents<NumberInput>();
        Assert.True(fields.Count > 40, $"{fields.Count} fields");
        var before = fields.ToDictionary(f => f.Instance.Input.JsonPath, f => f.RenderCount);

        // Requests a month: its helper line ("= 3,000,000 requests") changes, nothing else does.
        Type(cut, "workload.requestsPerMonth", "3000000");
        Eventually(() => Assert.Equal(3_000_000, workspace.Scenario!.Workload.RequestsPerMonth), Slow);
        Eventually(() => Assert.False(workspace.IsComputing), Slow);
        Eventually(() => Assert.Contains("3,000,000", cut.Find("[data-field='workload.requestsPerMonth']").TextContent, StringComparison.Ordinal), Slow);

        var redrawn = cut.FindComponents<NumberInput>().Where(f => f.RenderCount != before[f.Instance.Input.JsonPath]).Select(f => f.Instance.Input.JsonPath).ToList();
        Assert.Equal(["workload.requestsPerMonth"], redrawn);

        // A problem is drawn under its field, and taking it away redraws that field again.
        Type(cut, "workload.requestsPerMonth", "-5");
        Eventually(() => Assert.Equal("true", cut.Find("[data-field='workload.requestsPerMonth']").GetAttribute("data-invalid")), Slow);
        Type(cut, "workload.requestsPerMonth", "2000000");
        Eventually(() => Assert.Equal("false", cut.Find("[data-field='workload.requestsPerMonth']").GetAttribute("data-invalid")), Slow);
        // A currency change redraws every money field's unit.
        await cut.InvokeAsync(() => workspace.EditAsync(s => s with { Currency = "EUR" }));
        Eventually(() => Assert.Contains("EUR", cut.Find("[data-field='options[1].gpuHourPrice']").TextContent, StringComparison.Ordinal), Slow);
        Assert.Equal(2_000_000, ScenarioInputs.List(workspace.Scenario!).Single(i => i.Key == "workload.requestsPerMonth").Get(workspace.Scenario!));
    }
}
