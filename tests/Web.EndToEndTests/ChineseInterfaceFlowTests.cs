using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// The interface in Simplified Chinese (docs/decisions/025-localization.md): the switch in the app bar, the main journey
/// from the dashboard through a template, the editor and its results to the comparison, the choice kept across a reload
/// and a new page, and back to English.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ChineseInterfaceFlowTests(WebAppFixture app)
{
    private static ILocator Heading(IPage page) => page.Locator("h1").First;

    private static ILocator Switch(IPage page) => page.Locator("[data-testid=language-switch]");

    private static ILocator Navigation(IPage page) => page.Locator(".mud-navmenu").First;

    /// <summary>Clicks the switch and waits for the answer that sets the cookie (the page then loads again).</summary>
    private static async Task SwitchLanguageAsync(IPage page) =>
        await page.RunAndWaitForResponseAsync(() => Switch(page).ClickAsync(), r => r.Url.Contains("/culture?", StringComparison.Ordinal));

    [Fact]
    public async Task The_main_journey_runs_in_Chinese_the_choice_persists_and_English_comes_back()
    {
        var page = await app.NewPageAsync();
        var dashboard = new DashboardPage(page, app);
        await dashboard.OpenAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Dashboard");
        await Assertions.Expect(Switch(page)).ToHaveAccessibleNameAsync("中文: show Planner in Chinese");

        // Switch: a full page load back to the dashboard, now in Chinese.
        await SwitchLanguageAsync(page);
        await dashboard.OpenAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("仪表板");
        await Assertions.Expect(Navigation(page)).ToContainTextAsync("场景编辑器");
        await Assertions.Expect(page.GetByText("从模板新建场景")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=template-support-assistant]")).ToContainTextAsync("用此模板新建场景");
        await Assertions.Expect(Switch(page)).ToHaveAccessibleNameAsync("English：以英文显示 Planner");
        await dashboard.ScreenshotAsync("zh-dashboard", fullPage: false);

        // A template opens in the editor: the form, the input labels and units, and the results are in Chinese.
        var editor = await dashboard.NewFromTemplateAsync("support-assistant");
        await Assertions.Expect(page.GetByText("场景与财务")).ToBeVisibleAsync();
        await Assertions.Expect(editor.Field("workload.requestsPerMonth")).ToContainTextAsync("每月请求数（首月）");
        await Assertions.Expect(editor.Field("discountRateAnnual")).ToContainTextAsync("% 每年");
        var results = page.Locator("[data-testid=results]");
        await Assertions.Expect(results).ToContainTextAsync("结果");
        await Assertions.Expect(results.Locator("[data-testid=recommendation]")).ToContainTextAsync("推荐方案：");
        await Assertions.Expect(results).ToContainTextAsync("每百万 token");

        // Evaluate an edit: ten times the demand changes the results, still in Chinese.
        var before = await results.Locator("[data-testid=option-results]").InnerTextAsync();
        await editor.SetFieldAsync("workload.requestsPerMonth", "20000000");
        await Assertions.Expect(results.Locator("[data-testid=option-results]")).Not.ToHaveTextAsync(before);
        await Assertions.Expect(results).ToContainTextAsync("个月的成本");
        await editor.ScreenshotAsync("zh-editor", fullPage: false);

        // An input out of range: its problem, in Chinese, names the field and the allowed range; putting it back clears it.
        await editor.SetFieldAsync("horizonMonths", "0");
        await Assertions.Expect(editor.Field("horizonMonths")).ToContainTextAsync("horizonMonths 必须 >= 1 且 <= 600（输入为 0）");
        await Assertions.Expect(editor.Field("horizonMonths")).ToHaveAttributeAsync("data-invalid", "true");
        await Assertions.Expect(editor.Field("horizonMonths")).Not.ToContainTextAsync("must be");
        await editor.ScreenshotAsync("zh-editor-problem", fullPage: false);
        await editor.SetFieldAsync("horizonMonths", "36");
        // A rate is typed in percent, and its problem says the range in percent, with the field's Chinese label.
        await editor.SetFieldAsync("discountRateAnnual", "1000");
        await Assertions.Expect(editor.Field("discountRateAnnual")).ToContainTextAsync("折现率 必须 >= -50 % 且 <= 100 %（输入为 1000 %）");
        await editor.SetFieldAsync("discountRateAnnual", "10");
        await Assertions.Expect(editor.Field("discountRateAnnual")).ToHaveAttributeAsync("data-invalid", "false");
        await Assertions.Expect(editor.Field("horizonMonths")).ToHaveAttributeAsync("data-invalid", "false");
        await Assertions.Expect(results.Locator("[data-testid=recommendation]")).ToContainTextAsync("推荐方案：");

        // A reload keeps the language (the cookie), and the unsaved edit (the browser's draft).
        await page.ReloadAsync();
        await editor.WaitUntilInteractiveAsync();
        await editor.WaitForResultsAsync();
        await Assertions.Expect(page.GetByText("场景与财务")).ToBeVisibleAsync();
        await Assertions.Expect(editor.Field("workload.requestsPerMonth").Locator("input")).ToHaveValueAsync("20000000");

        // Compare: the metrics, the charts' titles and the inputs table in Chinese.
        await page.GetByRole(AriaRole.Link, new() { Name = "比较", Exact = true }).Last.ClickAsync();
        await page.WaitForURLAsync("**/compare**");
        var compare = new ComparePage(page, app);
        await compare.WaitForChartsAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "指标" })).ToBeVisibleAsync();
        await Assertions.Expect(compare.Metrics).ToContainTextAsync("成本现值");
        await Assertions.Expect(page.Locator("[data-chart=cumulative-cash]")).ToContainTextAsync("累计现金支出");
        await Assertions.Expect(page.Locator("[data-testid=inputs]")).ToContainTextAsync("输入项");
        await compare.ScreenshotAsync("zh-compare", fullPage: false);

        // A new page of the same browser opens in Chinese.
        var second = await page.Context.NewPageAsync();
        var secondDashboard = new DashboardPage(second, app);
        await secondDashboard.OpenAsync();
        await Assertions.Expect(Heading(second)).ToHaveTextAsync("仪表板");

        // At phone width the switch is still in the app bar; switching back gives English again.
        await second.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(Switch(second)).ToBeVisibleAsync();
        await secondDashboard.ScreenshotAsync("zh-dashboard-phone", fullPage: false);
        await SwitchLanguageAsync(second);
        await secondDashboard.OpenAsync();
        await Assertions.Expect(second.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(Heading(second)).ToHaveTextAsync("Dashboard");
        await page.ReloadAsync();
        await compare.WaitUntilInteractiveAsync();
        await Assertions.Expect(Navigation(page)).ToContainTextAsync("Scenario editor");
    }

    [Fact]
    public async Task A_browser_set_to_Chinese_gets_the_Chinese_interface_on_its_first_visit()
    {
        var page = await app.NewPageAsync(locale: "zh-CN");
        await new DashboardPage(page, app).OpenAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("仪表板");
    }
}
