using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

[Collection(WebAppCollection.Name)]
public sealed class ProjectionFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task Seventy_billion_model_does_not_fit_one_H100_fits_four_and_supplies_a_scenario_throughput()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        var editor = await dashboard.NewFromTemplateAsync("support-assistant");
        var projection = new ProjectionPage(page, app);
        await projection.OpenFromMenuAsync();

        await projection.ChooseAsync("model", "llama-3-70b");

        await Assertions.Expect(projection.Fits).ToHaveAttributeAsync("data-fits", "false");
        await Assertions.Expect(projection.Fits).ToContainTextAsync("1x NVIDIA H100 SXM has 80.0 GB");
        await Assertions.Expect(projection.Fits).ToContainTextAsync("GB missing");
        await projection.ScreenshotAsync("projection-does-not-fit");

        await projection.SetAsync("gpus", "4");

        await Assertions.Expect(projection.Fits).ToHaveAttributeAsync("data-fits", "true");
        await Assertions.Expect(projection.DecodePerGpu).ToContainTextAsync("tokens/s");
        await Assertions.Expect(projection.Chart).ToBeVisibleAsync();
        await projection.ScreenshotAsync("projection");

        await projection.UseInScenarioAsync();
        await editor.WaitForResultsAsync();
        await Assertions.Expect(page.Locator("div[data-option=cloud]")).ToContainTextAsync("Throughput: projection of llama-3-70b on 4x NVIDIA H100 SXM");
        await Assertions.Expect(page.Locator("[data-field='options[1].decodeTokensPerGpuSecond']")).ToContainTextAsync("projection of llama-3-70b on 4x NVIDIA H100 SXM bf16 batch 1, 4096 input + 4096 output tokens");
        // The four tensor-parallel GPUs are one replica: the store supplies gpusPerReplica from the projection.
        await Assertions.Expect(page.Locator("[data-field='options[1].gpusPerReplica']")).ToContainTextAsync("projection of llama-3-70b on 4x NVIDIA H100 SXM");
        await Assertions.Expect(page.Locator("[data-testid=scenario-problems]")).ToHaveCountAsync(0);
        await editor.ScreenshotAsync("editor-with-projection");
    }
}
