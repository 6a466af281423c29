using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// The analysis pages (benchmarks, capacity, projection, risk) in Simplified Chinese for a browser that asks for zh-CN
/// (docs/decisions/025-localization.md): headings, form labels, buttons and computed figures' captions come from the
/// pages' Chinese resources, while GPU and model names, units such as TTFT and the numbers stay as they are.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ChineseAnalysisPagesFlowTests(WebAppFixture app)
{
    [Fact]
    public async Task A_browser_asking_for_Chinese_gets_the_benchmarks_capacity_projection_and_risk_pages_in_Chinese()
    {
        var page = await app.NewPageAsync("zh-CN");

        await OpenAsync(page, "/benchmarks");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("基准测试");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "运行测试配置" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "压测 OpenAI 兼容端点" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "历史记录" })).ToBeVisibleAsync();

        await OpenAsync(page, "/capacity");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("容量");
        await Assertions.Expect(page.Locator("[data-testid=capacity-form]")).ToContainTextAsync("副本与请求");
        await Assertions.Expect(page.Locator("[data-testid=run-capacity]")).ToHaveTextAsync("求容量");
        await Assertions.Expect(page.Locator("[data-testid=capacity-none]")).ToContainTextAsync("每个尝试的速率都是一次模拟运行");

        await OpenAsync(page, "/projection");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("性能预测");
        await Assertions.Expect(page.Locator("[data-testid=projection-form]")).ToContainTextAsync("模型与硬件");
        // The default model and GPU are projected at once: the figures' captions and the memory table are Chinese.
        await Assertions.Expect(page.Locator("[data-testid=projection-results]")).ToContainTextAsync("每 GPU 输出");
        await Assertions.Expect(page.Locator("[data-testid=memory]")).ToContainTextAsync("权重");
        await Assertions.Expect(page.Locator("[data-testid=calibration]")).ToContainTextAsync("对照基准测试运行的校准");

        await OpenAsync(page, "/risk");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("风险");
        await Assertions.Expect(page.Locator(".mud-main-content")).ToContainTextAsync("蒙特卡洛模拟");
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("[data-interactive=true]").WaitForAsync();
    }
}
