using Planner.CostModel.Scenarios;
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
}
