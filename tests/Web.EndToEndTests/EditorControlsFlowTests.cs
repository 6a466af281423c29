using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// Issue 15: the editor's newer controls in a real browser on the real server: a distribution's kind and parameters
/// (and what the risk simulation then draws), correlations, the served-model picker with the evidence guard's outcome
/// beside the figure a projection supplies, and the hourly profile's paste box, pasted into twice.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class EditorControlsFlowTests(WebAppFixture app)
{
    /// <summary>A small API-vs-cloud scenario; <paramref name="cloudExtra"/> is spliced into the cloud option.</summary>
    private static string Scenario(string name, string cloudExtra = "") => $$"""
        {
          "name": "{{name}}", "horizonMonths": 24, "discountRateAnnual": 0.08,
          "workload": { "requestsPerMonth": 2000000, "inputTokensPerRequest": 800, "outputTokensPerRequest": 250 },
          "options": [
            { "id": "api", "kind": "api", "name": "Hosted API", "inputPricePerMillion": 0.5, "outputPricePerMillion": 1.5,
              "annualPriceChange": { "distribution": "uniform", "min": -0.3, "max": 0, "value": -0.15 } },
            { "id": "cloud", "kind": "cloud", "name": "Rented H100s", "gpuHourPrice": 2.5, "targetUtilization": 0.5{{cloudExtra}} }
          ]
        }
        """;

    private const string Throughput = """, "prefillTokensPerGpuSecond": 10000, "decodeTokensPerGpuSecond": 1000""";

    /// <summary>Saves <paramref name="json"/> through the API and returns the new scenario's id.</summary>
    private async Task<string> SaveAsync(string json)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var saved = await http.PostAsync("/api/scenarios", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        return (await saved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<(IPage Page, EditorPage Editor)> OpenSavedAsync(string json)
    {
        var id = await SaveAsync(json);
        var page = await app.NewPageAsync();
        var editor = new EditorPage(page, app);
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();
        return (page, editor);
    }

    [Fact]
    public async Task A_distribution_changed_in_the_editor_keeps_its_numbers_and_the_risk_simulation_draws_from_it()
    {
        var (page, editor) = await OpenSavedAsync(Scenario("Distributions in a browser", Throughput));

        await page.Locator("[data-testid='add-distribution-cloud.gpuHourPrice']").ClickAsync();
        // Triangular around 2.5 as the tornado spreads it (0.8x to 1.2x): 2 to 3.
        var distribution = page.Locator("[data-distribution='cloud.gpuHourPrice']");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.min").Locator("input")).ToHaveValueAsync("2");
        await editor.SetFieldAsync("options[1].gpuHourPrice.max", "4");
        await Assertions.Expect(distribution.Locator("[data-testid=distribution-mean]")).ToContainTextAsync("$2.83");

        // Triangular(2, 2.5, 4) to normal: the mode is the mean, a quarter of the width the spread, the bounds its truncation.
        await editor.ChooseAsync("options[1].gpuHourPrice.distribution", "Normal");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.stdDev").Locator("input")).ToHaveValueAsync("0.5");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.mean").Locator("input")).ToHaveValueAsync("2.5");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.max").Locator("input")).ToHaveValueAsync("4");
        // A bad parameter is said under it, in the validator's words.
        await editor.SetFieldAsync("options[1].gpuHourPrice.stdDev", "-1");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.stdDev")).ToContainTextAsync("options[1].gpuHourPrice.stdDev must be > 0 (got -1)");
        await editor.SetFieldAsync("options[1].gpuHourPrice.stdDev", "0.3");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.stdDev")).ToHaveAttributeAsync("data-invalid", "false");

        // The risk page simulates the scenario on screen, drawing the price from the normal just typed.
        var tornado = await SimulateAsync(page);
        await Assertions.Expect(tornado.Locator("tr[data-input='cloud.gpuHourPrice'] code")).ToHaveTextAsync("normal(mean 2.5, stdDev 0.3, min 2, max 4)");

        // Back in the editor, the same input as lognormal: the simulation follows.
        await page.GetByRole(AriaRole.Link, new() { Name = "Scenario editor", Exact = true }).ClickAsync();
        await editor.WaitForResultsAsync();
        await editor.ChooseAsync("options[1].gpuHourPrice.distribution", "Lognormal");
        await Assertions.Expect(editor.Field("options[1].gpuHourPrice.stdDev").Locator("input")).ToHaveValueAsync("0.3");
        tornado = await SimulateAsync(page);
        await Assertions.Expect(tornado.Locator("tr[data-input='cloud.gpuHourPrice'] code")).ToHaveTextAsync("lognormal(mean 2.5, stdDev 0.3)");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "editor-distribution-risk.png"), FullPage = true });
    }

    [Fact]
    public async Task A_correlation_is_added_typed_refused_outside_its_range_and_removed()
    {
        var (page, editor) = await OpenSavedAsync(Scenario("Correlations in a browser", Throughput));
        var correlations = page.Locator("[data-testid=correlations]");
        // One uncertain input: nothing to pair yet.
        await Assertions.Expect(page.Locator("[data-testid=add-correlation]")).ToBeDisabledAsync();

        await page.Locator("[data-testid='add-distribution-cloud.gpuHourPrice']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=add-correlation]")).ToBeEnabledAsync();
        await page.Locator("[data-testid=add-correlation]").ClickAsync();
        await Assertions.Expect(correlations.Locator("[data-correlation='0']")).ToContainTextAsync("Rented H100s: GPU-hour price");

        await editor.SetFieldAsync("correlations[0].rank", "1.5");
        await Assertions.Expect(editor.Field("correlations[0].rank")).ToContainTextAsync("correlations[0].rank must be >= -1 and <= 1 (got 1.5)");
        await Assertions.Expect(editor.Field("correlations[0].rank")).ToHaveAttributeAsync("data-invalid", "true");
        await Assertions.Expect(page.Locator("[data-testid=results-stale]")).ToBeVisibleAsync();
        await correlations.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "editor-correlation-problem.png") });

        await editor.SetFieldAsync("correlations[0].rank", "-0.5");
        await Assertions.Expect(editor.Field("correlations[0].rank")).ToHaveAttributeAsync("data-invalid", "false");
        await Assertions.Expect(page.Locator("[data-testid=results-stale]")).ToHaveCountAsync(0);

        await page.Locator("[data-testid=remove-correlation-0]").ClickAsync();
        await Assertions.Expect(correlations.Locator("[data-correlation]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_served_model_is_picked_named_by_size_or_left_out_and_the_guard_says_so_beside_the_projected_figure()
    {
        var (page, editor) = await OpenSavedAsync(Scenario("Served model in a browser",
            """, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "NVIDIA H100 SXM", "gpus": 4, "batch": 32 } }"""));
        var decode = editor.Field("options[1].decodeTokensPerGpuSecond");
        await Assertions.Expect(decode).ToContainTextAsync("model not checked: the workload names no served model");

        await editor.ChooseAsync("workload.model", StartingWith("llama-3-70b ("));
        await Assertions.Expect(decode).ToContainTextAsync("model checked: a projection of llama-3-70b");

        // A model the catalog lacks, by its label and size: 70.6 billion parameters is the projected model's size within 5%.
        await editor.ChooseAsync("workload.model", StartingWith("Another model"));
        await editor.SetFieldAsync("workload.modelParametersBillions", "70.6");
        await Assertions.Expect(decode).ToContainTextAsync("for the served llama-3-70b (70.6B)");
        await editor.SetFieldAsync("workload.model.label", "in-house-70b");
        await Assertions.Expect(decode).ToContainTextAsync("model checked: a projection of llama-3-70b (70.55B parameters) for the served in-house-70b");
        // 8 billion is another model: the projection is refused, and the results go stale.
        await editor.SetFieldAsync("workload.modelParametersBillions", "8");
        await Assertions.Expect(page.Locator("[data-testid=scenario-problems]")).ToContainTextAsync("is refused");
        await Assertions.Expect(page.Locator("[data-testid=results-stale]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=served-model]").ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "editor-served-model.png") });

        await editor.ChooseAsync("workload.model", StartingWith("Not named"));
        await Assertions.Expect(decode).ToContainTextAsync("model not checked: the workload names no served model");
        await Assertions.Expect(page.Locator("[data-testid=scenario-problems]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_hourly_profile_takes_a_paste_and_a_second_paste_into_the_same_box()
    {
        var (page, editor) = await OpenSavedAsync(Scenario("Hourly profile in a browser", Throughput));
        await page.Locator("[data-testid=demand-profile] .mud-switch").First.ClickAsync();
        var box = editor.Field("workload.hourlyShares").Locator("textarea");
        await box.WaitForAsync();

        // Counts as copied from a spreadsheet column: busiest at 14:00, to be scaled to shares.
        var counts = Enumerable.Range(0, 24).Select(h => h == 14 ? 300 : 100).ToList();
        await box.FillAsync(string.Join("\n", counts));
        await box.PressAsync("Tab");
        var busiest = page.Locator("[data-profile='workload.hourlyShares'] [data-testid=profile-busiest]");
        await Assertions.Expect(busiest).ToContainTextAsync("14:00");
        await Assertions.Expect(editor.Field("workload.hourlyShares[14]").Locator("input")).ToHaveValueAsync("300");
        // The sum is named under the box as soon as the counts are in (with the tolerance), and on the button as the culture writes it.
        await Assertions.Expect(editor.Field("workload.hourlyShares")).ToHaveAttributeAsync("data-invalid", "true");
        await Assertions.Expect(editor.Field("workload.hourlyShares")).ToContainTextAsync(
            "workload.hourlyShares must add up to 1 (within 0.001): each is the share of a day's requests in that hour (got a sum of 2600)");
        await Assertions.Expect(page.Locator("[data-testid='scale-workload.hourlyShares']")).ToHaveTextAsync("Scale to add up to 1 (now 2,600)");
        await page.Locator("[data-testid='scale-workload.hourlyShares']").ClickAsync();
        await Assertions.Expect(editor.Field("workload.hourlyShares[14]").Locator("input")).ToHaveValueAsync("0.115385");
        await Assertions.Expect(editor.Field("workload.hourlyShares")).ToHaveAttributeAsync("data-invalid", "false");

        // A second paste into the same box: busiest at 09:00 now, already shares.
        var shares = Enumerable.Range(0, 24).Select(h => h == 9 ? "0.08" : "0.04").ToList();
        await box.FillAsync(string.Join(" ", shares));
        await box.PressAsync("Tab");
        await Assertions.Expect(busiest).ToContainTextAsync("09:00");
        await Assertions.Expect(editor.Field("workload.hourlyShares[9]").Locator("input")).ToHaveValueAsync("0.08");
        await Assertions.Expect(editor.Field("workload.hourlyShares[14]").Locator("input")).ToHaveValueAsync("0.04");
        await Assertions.Expect(editor.Field("workload.hourlyShares")).ToHaveAttributeAsync("data-invalid", "false");
        await Assertions.Expect(page.Locator("[data-testid=results-stale]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=demand-profile]").ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "editor-hourly-profile.png") });
    }

    [Fact]
    public async Task Duplicate_works_after_going_to_Compare_and_back_with_the_browser()
    {
        var id = await SaveAsync(Scenario("Back and copy", Throughput));
        var page = await app.NewPageAsync();
        var editor = new EditorPage(page, app);
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();

        // Each page is on screen before the next step, as a person sees it. (Before the server's next page has reached the
        // browser the old page is marked and takes no clicks: the next test.)
        await page.Locator("[data-testid=compare]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/compare\?scenario={id}&version=1$"));
        await Assertions.Expect(page.Locator("[data-testid=compare-mode]")).ToBeVisibleAsync();
        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/scenarios/{id}$"));
        await Assertions.Expect(page.Locator("[data-testid=compare-mode]")).ToHaveCountAsync(0);
        await editor.WaitForResultsAsync();

        await page.Locator("[data-testid=duplicate]").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved a copy");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/scenarios/(?!{id}$)[^/]+$"));
        await editor.WaitForResultsAsync();
        await Assertions.Expect(editor.Title).ToContainTextAsync("Back and copy (copy)");
    }

    [Fact]
    public async Task Until_the_circuit_connects_the_page_says_so_and_its_buttons_take_no_clicks()
    {
        var id = await SaveAsync(Scenario("Not yet connected", Throughput));
        var page = await app.NewPageAsync();
        // Without Blazor's script the server-drawn page never connects: what a user sees while a busy server is slow to.
        await page.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
        await page.GotoAsync($"{app.BaseUrl}/scenarios/{id}");
        await Assertions.Expect(page.Locator("[data-testid=connecting]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=connecting]")).ToContainTextAsync("Connecting to the server");
        var duplicate = page.Locator("[data-testid=duplicate]");
        await Assertions.Expect(duplicate).ToBeVisibleAsync();
        Assert.Equal("none", await duplicate.EvaluateAsync<string>("e => getComputedStyle(e).pointerEvents"));

        await page.UnrouteAsync("**/_framework/blazor.web.js");
        var editor = new EditorPage(page, app);
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();
        await Assertions.Expect(page.Locator("[data-testid=connecting]")).ToHaveCountAsync(0);
        Assert.Equal("auto", await duplicate.EvaluateAsync<string>("e => getComputedStyle(e).pointerEvents"));
    }

    [Fact]
    public async Task After_the_browsers_Back_the_old_page_says_a_page_is_on_its_way_and_its_buttons_take_no_clicks_until_it_is_drawn()
    {
        var id = await SaveAsync(Scenario("Back on a slow server", Throughput));
        var page = await app.NewPageAsync();
        // The server's messages reach the page's script through this; while held, they wait in order (a busy server slow to
        // send the page for the address Back went to). What the page sends goes out as it is.
        await page.AddInitScriptAsync("""
            (() => {
                const held = [];
                let holding = false, replaying = false;
                const Native = window.WebSocket;
                window.WebSocket = class extends Native {
                    constructor(...args) {
                        super(...args);
                        this.addEventListener("message", event => {
                            if (holding && !replaying) {
                                event.stopImmediatePropagation();
                                held.push([this, event.data]);
                            }
                        });
                    }
                };
                window.plannerTestHold = () => { holding = true; };
                window.plannerTestRelease = () => {
                    holding = false;
                    replaying = true;
                    try {
                        for (const [socket, data] of held.splice(0)) {
                            socket.dispatchEvent(new MessageEvent("message", { data }));
                        }
                    } finally {
                        replaying = false;
                    }
                };
            })();
            """);
        var editor = new EditorPage(page, app);
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();
        await page.Locator("[data-testid=compare]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=compare-mode]")).ToBeVisibleAsync();
        var navigating = page.Locator("[data-testid=navigating]");
        await Assertions.Expect(navigating).ToBeHiddenAsync();

        await page.EvaluateAsync("() => window.plannerTestHold()");
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/scenarios/{id}$"));
        // The compare page is still on screen, and the server has closed it: it says a page is on its way, and its buttons
        // (this one switches the comparison's mode) take no clicks rather than dropping them.
        await Assertions.Expect(navigating).ToBeVisibleAsync();
        await Assertions.Expect(navigating).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(navigating).ToContainTextAsync("Opening the page");
        var oldButton = page.Locator("[data-testid=compare-mode] button").First;
        await Assertions.Expect(oldButton).ToBeVisibleAsync();
        Assert.Equal("none", await oldButton.EvaluateAsync<string>("e => getComputedStyle(e).pointerEvents"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Screenshots, "navigating-after-back.png") });

        await page.EvaluateAsync("() => window.plannerTestRelease()");
        await Assertions.Expect(page.Locator("[data-testid=compare-mode]")).ToHaveCountAsync(0);
        await Assertions.Expect(navigating).ToBeHiddenAsync();
        await editor.WaitForResultsAsync();
        var duplicate = page.Locator("[data-testid=duplicate]");
        Assert.Equal("auto", await duplicate.EvaluateAsync<string>("e => getComputedStyle(e).pointerEvents"));
        await duplicate.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved a copy");
    }

    [Fact]
    public async Task At_phone_width_each_More_actions_item_does_what_its_button_does()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var id = await SaveAsync(Scenario("Phone menu", Throughput));
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var editor = new EditorPage(page, app);
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();

        // Below 600 px the actions live in the menu only; Save stays out.
        await Assertions.Expect(page.Locator("[data-testid=report-pdf]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=save]")).ToBeVisibleAsync();
        async Task ChooseAsync(string action)
        {
            await page.Locator("[data-testid=more-actions] button").First.ClickAsync();
            await page.Locator($"[data-testid=menu-{action}]").ClickAsync();
        }
        async Task<string> DownloadAsync(string action)
        {
            var download = await page.RunAndWaitForDownloadAsync(() => ChooseAsync(action));
            var path = Path.Combine(app.Screenshots, "..", "downloads", Guid.NewGuid().ToString("N") + "-" + download.SuggestedFilename);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await download.SaveAsAsync(path);
            return path;
        }

        await ChooseAsync("history");
        await Assertions.Expect(page.Locator("[data-testid=history-panel]")).ToContainTextAsync("Version history");

        var json = await DownloadAsync("scenario-json");
        Assert.Equal("Phone menu", System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement.GetProperty("name").GetString());
        var flows = await DownloadAsync("cash-flows-csv");
        Assert.EndsWith(".csv", flows, StringComparison.Ordinal);
        Assert.Contains("cloud", await File.ReadAllTextAsync(flows), StringComparison.Ordinal);
        var pdf = await DownloadAsync("report-pdf");
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            Assert.Contains("Phone menu", string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)), StringComparison.Ordinal);
        }
        foreach (var (action, ending) in new[] { ("report-xlsx", ".xlsx"), ("report-csv", ".zip") })
        {
            var file = await DownloadAsync(action);
            Assert.EndsWith(ending, file, StringComparison.Ordinal);
            // Both are zip containers (the workbook's parts, the report's CSV files): they start with "PK".
            Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(file))[..2]);
        }

        await ChooseAsync("compare");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/compare\?scenario={id}&version=1$"));
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();

        await ChooseAsync("duplicate");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved a copy");
        // The editor moves to the copy within the page (no load event): its address names another scenario.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"/scenarios/(?!{id}$)[^/]+$"));
        var copy = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await editor.WaitForResultsAsync();

        // Delete (local mode acts as an admin) asks first, then removes the copy and goes to the dashboard.
        await ChooseAsync("delete");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"^https?://[^/]+/$"));
        using (var gone = await http.GetAsync($"/api/scenarios/{copy}"))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        }

        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();
        await ChooseAsync("new-scenario");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/editor$"));
        await Assertions.Expect(editor.Title).ToHaveCountAsync(0);
        using var original = await http.GetAsync($"/api/scenarios/{id}");
        Assert.True(original.IsSuccessStatusCode);
    }

    private static System.Text.RegularExpressions.Regex StartingWith(string text) => new($@"^\s*{System.Text.RegularExpressions.Regex.Escape(text)}");

    /// <summary>Opens the risk page from the menu (the scenario on screen), runs the simulation and returns its table of inputs.</summary>
    private static async Task<ILocator> SimulateAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Risk", Exact = true }).ClickAsync();
        await page.Locator("[data-testid=run-simulation]").ClickAsync();
        var tornado = page.Locator("[data-testid=simulation-tornado]");
        await tornado.WaitForAsync(new() { Timeout = 120_000 });
        return tornado;
    }
}
