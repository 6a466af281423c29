using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class MissingScenarioTests : MudTestContext
{
    [Fact]
    public async Task A_scenario_address_with_an_unknown_id_says_that_no_saved_scenario_has_it()
    {
        Render<MudPopoverProvider>();
        // Something else is open in the editor: the page must not show it under an address that names another scenario.
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example(), "support-assistant");

        var cut = Render<Editor>(p => p.Add(x => x.Id, "nope0000"));

        cut.WaitForAssertion(() => Assert.Contains("nope0000", cut.Find("[data-testid=scenario-missing]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal("Scenario not found", cut.Find("h1").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=results]"));
    }
}
