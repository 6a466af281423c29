using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.Web.Components.Shared;

namespace Planner.Web.ComponentTests;

public sealed class InputsTableTests : MudTestContext
{
    [Fact]
    public void A_catalog_figure_converted_from_another_currency_shows_its_rate_date_and_source_beside_its_origin()
    {
        const string reference = "api: deepseek/deepseek-v3-cny; CNY converted at 0.139419 USD per CNY (fx USD/CNY, 1 / 7.1726 USD/CNY, 2025-02-25, China Foreign Exchange Trade System)";
        var scenario = Example() with
        {
            Origins = new Dictionary<string, InputOrigin>
            {
                ["api.inputPricePerMillion"] = new() { Kind = OriginKind.Catalog, Source = "DeepSeek API pricing in CNY", AsOf = "2025-02-09", Reference = reference },
            },
        };

        var cut = Render<InputsTable>(p => p.Add(x => x.Evaluation, CostEngine.Evaluate(scenario)));
        cut.Find("input").Input("DeepSeek");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=origin-reference]")), Patience);

        var shown = Assert.Single(cut.FindAll("[data-testid=origin-reference]"));
        Assert.Equal(reference, shown.TextContent);
        Assert.Contains("as of 2025-02-09", shown.ParentElement!.TextContent, StringComparison.Ordinal);
    }
}
