using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>The editor adds, edits and removes the benefits' value models (issue 21; ADR 016), validated by path.</summary>
public sealed class ValueModelEditorTests : MudTestContext
{
    private async Task<(IRenderedComponent<Editor> Cut, ScenarioWorkspace Workspace)> RenderAsync(Scenario scenario)
    {
        Render<MudPopoverProvider>();
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(scenario, "value-models");
        return (Render<Editor>(), workspace);
    }

    [Fact]
    public async Task A_value_model_is_added_its_required_fields_named_by_path_then_filled_in_and_valued()
    {
        var (cut, workspace) = await RenderAsync(Example() with { Benefits = new Benefits() });
        Assert.Empty(cut.FindAll("[data-value-model]"));

        cut.Find("[data-testid=add-value-model-lineOptimization]").Click();

        // Added with no numbers: each required field is named by its path, with its range.
        Eventually(() =>
        {
            Assert.NotNull(workspace.Scenario!.Benefits!.LineOptimization);
            Assert.Contains("benefits.lineOptimization.unitsPerMonth is required (must be >= 0 and <= 1,000,000,000,000)",
                cut.Find("[data-value-model=lineOptimization] [data-field='benefits.lineOptimization.unitsPerMonth']").TextContent, StringComparison.Ordinal);
            Assert.Contains("benefits.lineOptimization.marginPerUnit is required",
                cut.Find("[data-field='benefits.lineOptimization.marginPerUnit']").TextContent, StringComparison.Ordinal);
        }, Patience);
        Assert.Empty(cut.FindAll("[data-testid=add-value-model-lineOptimization]"));
        Assert.NotNull(cut.Find("[data-testid=results-stale]"));

        Type(cut, "benefits.lineOptimization.unitsPerMonth", "100000");
        Type(cut, "benefits.lineOptimization.gainFraction", "2");
        Type(cut, "benefits.lineOptimization.marginPerUnit", "15");

        // 100,000 units x 2% x 15 = 30,000 a month: the benefits now carry the model's value.
        Eventually(() => Assert.Equal(30_000, workspace.Scenario!.Benefits!.LineOptimization!.MonthlyValue, 9), Patience);
        Eventually(() => Assert.Empty(cut.FindAll("[data-testid=results-stale]")), Patience);
        var expected = CostEngine.Evaluate(Example() with
        {
            Benefits = new Benefits { LineOptimization = new LineOptimizationValue { UnitsPerMonth = 100_000, GainFraction = 0.02, MarginPerUnit = 15 } },
        });
        Assert.Equal(expected.BenefitsPresentValue, CostEngine.Evaluate(workspace.Scenario!).BenefitsPresentValue);
    }

    [Fact]
    public async Task A_value_out_of_range_is_shown_under_its_field_in_the_model()
    {
        var (cut, _) = await RenderAsync(Example("predictive-maintenance"));

        Type(cut, "benefits.predictiveMaintenance.downtimeHoursAvoidedPerMonth", "-3");

        Eventually(() => Assert.Contains("must be >= 0 and <= 1,000,000 (got -3)",
            cut.Find("[data-value-model=predictiveMaintenance] [data-field='benefits.predictiveMaintenance.downtimeHoursAvoidedPerMonth']").TextContent,
            StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task Removing_a_value_model_removes_it_with_its_distributions_and_ranges()
    {
        var template = Example("visual-inspection");
        var scenario = template with
        {
            Uncertainties = [new UncertainInput("benefits.qualityInspection.escapedDefectCost", new Distribution { Kind = DistributionKind.Uniform, Min = 10, Max = 90 })],
            Sensitivity = template.Sensitivity with
            {
                Ranges = new Dictionary<string, SensitivityRange> { ["benefits.qualityInspection.defectRate"] = new(0.001, 0.01) },
            },
        };
        var (cut, workspace) = await RenderAsync(scenario);
        Assert.NotEmpty(cut.FindAll("[data-value-model=qualityInspection]"));

        cut.Find("[data-testid=remove-value-model-qualityInspection]").Click();

        Eventually(() => Assert.Empty(cut.FindAll("[data-value-model=qualityInspection]")), Patience);
        var after = workspace.Scenario!;
        Assert.Null(after.Benefits!.QualityInspection);
        Assert.Empty(after.Uncertainties);
        Assert.Empty(after.Sensitivity.Ranges);
        Assert.NotEmpty(cut.FindAll("[data-testid=add-value-model-qualityInspection]"));
        Assert.Empty(cut.FindAll("[data-testid=results-stale]"));
    }
}
