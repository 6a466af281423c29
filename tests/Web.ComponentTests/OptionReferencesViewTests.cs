using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.Web.Components.Shared;

namespace Planner.Web.ComponentTests;

/// <summary>The editor shows every reference that supplies an option's numbers, trainingFrom included, and drops one when its chip is closed.</summary>
public sealed class OptionReferencesViewTests : MudTestContext
{
    [Fact]
    public void A_training_reference_is_shown_and_closing_its_chip_drops_it()
    {
        var references = new OptionReferences
        {
            CloudOffer = "aws-p5-48xlarge-ondemand",
            TrainingFrom = new TrainingReference { Run = "20260110-120000-7a1a1a1a", Model = "mlp", Rows = 1_600_000 },
        };
        OptionReferences? changed = null;
        var cut = Render<OptionReferencesView>(p => p
            .Add(x => x.References, references)
            .Add(x => x.OnChange, (OptionReferences r) => changed = r));

        var chip = cut.FindAll(".mud-chip").Single(c => c.TextContent.Contains("Retraining", StringComparison.Ordinal));
        Assert.Equal("Retraining: run 20260110-120000-7a1a1a1a, mlp", chip.TextContent.Trim());

        cut.FindAll(".mud-chip").Single(c => c.TextContent.Contains("Retraining", StringComparison.Ordinal)).QuerySelector("button")!.Click();

        Assert.NotNull(changed);
        Assert.Null(changed.TrainingFrom);
        Assert.Equal("aws-p5-48xlarge-ondemand", changed.CloudOffer);
    }

    [Fact]
    public void A_projections_kv_allocation_switch_sets_on_demand_and_clears_it_back_to_reserve()
    {
        var projection = new ProjectionReference { Model = "llama-3-70b", Gpu = "H100 SXM", Gpus = 4 };
        var references = new OptionReferences { ThroughputFrom = new ThroughputReference { Projection = projection } };
        OptionReferences? changed = null;
        var cut = Render<OptionReferencesView>(p => p
            .Add(x => x.References, references)
            .Add(x => x.OnChange, (OptionReferences r) => changed = r));

        Assert.Contains("Size at the targets with KV cache claimed on demand", cut.Find("[data-field=kvAllocation]").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-field=kvAllocation] input").HasAttribute("checked"));
        cut.Find("[data-field=kvAllocation] input").Change(true);

        Assert.Equal(projection with { KvAllocation = KvAllocation.OnDemand }, changed!.ThroughputFrom!.Projection);

        cut.Render(p => p.Add(x => x.References, changed));
        Assert.True(cut.Find("[data-field=kvAllocation] input").HasAttribute("checked"));
        cut.Find("[data-field=kvAllocation] input").Change(false);
        Assert.Null(changed.ThroughputFrom!.Projection!.KvAllocation);
    }

    [Fact]
    public void A_run_reference_has_no_kv_allocation_switch()
    {
        var references = new OptionReferences { ThroughputFrom = new ThroughputReference { Run = "20260110-120000-7a1a1a1a", Model = "llama-3-8b" } };
        var cut = Render<OptionReferencesView>(p => p.Add(x => x.References, references));

        Assert.Empty(cut.FindAll("[data-field=kvAllocation]"));
    }
}
