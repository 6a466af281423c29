using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>The editor's hybrid option (docs/decisions/024-hybrid-option.md): its overflow picker and its base fleet fields, generated from its descriptor.</summary>
public sealed class HybridEditorTests : MudTestContext
{
    [Fact]
    public async Task A_hybrid_shows_its_overflow_option_and_base_fleet_fields_and_its_split_in_the_results()
    {
        Render<MudPopoverProvider>();
        var example = Example("hybrid-support-assistant");
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(example, "hybrid-support-assistant");

        var cut = Render<Editor>();

        var index = example.Options.ToList().FindIndex(o => o.Id == "hybrid-api");
        var overflow = cut.Find($"[data-field='options[{index}].overflowTo']");
        Assert.Contains("Overflow to", overflow.TextContent, StringComparison.Ordinal);
        Assert.Equal("api", overflow.QuerySelector("input")!.GetAttribute("value"));
        Assert.NotNull(cut.Find($"[data-field='options[{index}].basePercentile']"));
        Assert.NotNull(cut.Find($"[data-field='options[{index}].baseServers']"));
        Assert.Empty(cut.FindAll($"[data-field='options[{index}].minServers']"));
        var expected = CostEngine.Evaluate(example);
        Assert.Equal(Display.Money(expected.GetOption("hybrid-api").PresentValue, "USD"),
            cut.Find("[data-testid=option-results] tr[data-option=hybrid-api] [data-metric=presentValue]").TextContent);
    }

    [Fact]
    public void A_new_hybrid_overflows_to_the_first_cloud_or_api_option_and_a_renamed_option_carries_the_link()
    {
        var scenario = ScenarioEdits.AddOption(Example(), OptionKind.Hybrid);
        var hybrid = Assert.IsType<HybridOption>(scenario.Options[^1]);
        Assert.Equal("api", hybrid.OverflowTo);

        var renamed = ScenarioEdits.ReplaceOption(scenario, 0, scenario.Options[0] with { Id = "hosted" });

        Assert.Equal("hosted", ((HybridOption)renamed.Options[^1]).OverflowTo);
        Assert.Equal("hosted", renamed.Baseline);
        var relinked = ScenarioEdits.SetLink(renamed, renamed.Options.Count - 1, HybridOption.Descriptor.OptionLinks[0], "cloud");
        Assert.Equal("cloud", ((HybridOption)relinked.Options[^1]).OverflowTo);
    }
}
