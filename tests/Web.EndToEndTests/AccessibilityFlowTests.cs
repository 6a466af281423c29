using System.Net.Http.Json;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// Issue 15, "Reading it": every page of the app at a desktop (1440x900) and a phone (390x844) size, in light and dark
/// mode, checked by axe-core (no serious or critical violation) and by the page's width (nothing scrolls sideways), with
/// a screenshot of each in screenshots/pages/ under the test output folder.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class AccessibilityFlowTests(WebAppFixture app)
{
    /// <summary>
    /// Each page by name: its address (with {id} for a saved scenario with distributions, {run} and {serving} for the
    /// measured runs kept in docs/measurements, uploaded as an agent would) and what shows once it is drawn.
    /// </summary>
    private static readonly Dictionary<string, (string Path, string Ready)> Pages = new()
    {
        ["dashboard"] = ("/", "[data-testid=recent-scenarios], [data-testid=no-scenarios]"),
        ["editor"] = ("/scenarios/{id}", "[data-testid=results] [data-testid=recommendation]"),
        ["compare"] = ("/compare?scenario={id}&version=1", "[data-chart=tornado] .main-svg"),
        ["compare-saved"] = ("/compare?scenarios={id},{other}", "[data-testid=compared-scenarios]"),
        ["risk"] = ("/risk?scenario={id}&version=1", "[data-testid=run-simulation]"),
        ["benchmarks"] = ("/benchmarks", "[data-testid=start-run]"),
        ["benchmark-run"] = ("/benchmarks/{run}", "[data-testid=run-results]"),
        ["serving-run"] = ("/benchmarks/{serving}", "[data-testid=run-title]"),
        ["capacity"] = ("/capacity", "[data-testid=capacity-form]"),
        ["catalogs"] = ("/catalogs", "table"),
        ["projection"] = ("/projection", "[data-chart=batch-trade-off] .main-svg"),
        ["methodology"] = ("/methodology", "[data-testid=methodology-contents]"),
        ["not-found"] = ("/no-such-page", "h1"),
        ["tokens"] = ("/account/tokens", "h1"),
        ["users"] = ("/admin/users", "h1"),
        ["audit"] = ("/admin/audit", "h1"),
    };

    public static readonly TheoryData<string> PageNames = new(Pages.Keys);

    private static readonly (int Width, int Height, string Name)[] Sizes = [(1440, 900, "desktop"), (390, 844, "phone")];

    private static readonly SemaphoreSlim SavedLock = new(1, 1);
    private static readonly Dictionary<string, string> SavedIds = [];

    [Theory]
    [MemberData(nameof(PageNames))]
    public async Task Page_has_no_serious_accessibility_violation_and_fits_the_window_at_both_sizes_light_and_dark(string name)
    {
        var (path, ready) = Pages[name];
        path = path.Replace("{id}", await SavedScenarioAsync("risk-support-assistant"), StringComparison.Ordinal)
            .Replace("{other}", await SavedScenarioAsync("document-summarization"), StringComparison.Ordinal)
            .Replace("{run}", await UploadedRunAsync("calibration-cpu-20261123-163650-b9939280"), StringComparison.Ordinal)
            .Replace("{serving}", await UploadedRunAsync("serving-small-cpu-20261201-070451-733f182a"), StringComparison.Ordinal);
        var folder = Path.Combine(app.Screenshots, "pages");
        Directory.CreateDirectory(folder);
        var problems = new StringBuilder();
        foreach (var (width, height, size) in Sizes)
        {
            foreach (var dark in new[] { false, true })
            {
                var page = await NewPageAsync(width, height, dark);
                try
                {
                    await page.GotoAsync(path);
                    await page.Locator("[data-interactive=true]").WaitForAsync();
                    await page.Locator(ready).First.WaitForAsync();
                    if (name == "risk")
                    {
                        await page.Locator("[data-testid=run-simulation]").ClickAsync();
                        await page.Locator("[data-chart=pv-histogram] .main-svg").First.WaitForAsync();
                    }
                    if (name == "capacity")
                    {
                        await page.Locator("[data-testid=run-capacity]").ClickAsync();
                        await page.Locator("[data-testid=capacity-results]").WaitForAsync(new() { Timeout = 120_000 });
                    }
                    // Plotly and MudBlazor finish drawing (fonts, transitions) after their root appears.
                    await page.WaitForTimeoutAsync(500);
                    var shot = Path.Combine(folder, $"{name}-{size}-{(dark ? "dark" : "light")}.png");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                    // What the window shows first, at full size, to look at the details a long page's screenshot shrinks away.
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot.Replace(".png", "-window.png", StringComparison.Ordinal) });

                    var where = $"{name} at {width}x{height} {(dark ? "dark" : "light")}";
                    var axe = await page.RunAxe();
                    foreach (var violation in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
                    {
                        problems.AppendLine($"{where}: {violation.Impact} {violation.Id}: {violation.Help}");
                        foreach (var node in violation.Nodes.Take(5))
                        {
                            problems.AppendLine($"    {node.Target} {node.Html[..Math.Min(160, node.Html.Length)]}");
                            problems.AppendLine("      " + string.Join(" ", node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message)));
                        }
                    }
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    if (overflow > 0)
                    {
                        var wide = await page.EvaluateAsync<string>(WidestElementScript);
                        problems.AppendLine($"{where}: the page scrolls sideways by {overflow} px (widest: {wide})");
                    }
                }
                finally
                {
                    await page.Context.CloseAsync();
                }
            }
        }
        Assert.True(problems.Length == 0, problems.ToString());
    }

    /// <summary>
    /// The app bar's controls at phone width: the language link, dark mode and the signed-in user each lie wholly inside
    /// the window and show their whole text (the app bar clips what does not fit, so the page-width check above cannot see it).
    /// </summary>
    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task The_app_bar_shows_every_control_whole_at_phone_width(string locale)
    {
        var page = await NewPageAsync(390, 844, dark: false, locale);
        try
        {
            await page.GotoAsync("/");
            await page.Locator("[data-interactive=true]").WaitForAsync();
            await page.Locator("[data-testid=language-switch]").WaitForAsync();
            var cut = await page.EvaluateAsync<string[]>("""
                () => {
                  const limit = document.documentElement.clientWidth;
                  const bar = document.querySelector('.mud-appbar .mud-toolbar');
                  return [...bar.children].filter(e => e.getBoundingClientRect().width > 0)
                    .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > limit + 0.5 || e.scrollWidth > e.clientWidth + 1; })
                    .map(e => (e.getAttribute('data-testid') ?? e.tagName.toLowerCase()) + ' "' + e.textContent.trim() + '" ' + Math.round(e.getBoundingClientRect().left) + '..' + Math.round(e.getBoundingClientRect().right)
                      + ' (scroll ' + e.scrollWidth + ' of ' + e.clientWidth + ')');
                }
                """);
            Assert.True(cut.Length == 0, $"cut at 390 px ({locale}), window {await page.EvaluateAsync<int>("() => document.documentElement.clientWidth")} px: " + string.Join("; ", cut));
            await Assertions.Expect(page.Locator("[data-testid=language-switch]")).ToBeInViewportAsync(new() { Ratio = 1 });
            Directory.CreateDirectory(Path.Combine(app.Screenshots, "pages"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(app.Screenshots, "pages", $"app-bar-phone-{locale}.png"), Clip = new Clip { X = 0, Y = 0, Width = 390, Height = 64 } });
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The deepest elements that reach past the window's right edge, to name what makes a page scroll sideways.</summary>
    private const string WidestElementScript = """
        () => {
          const limit = document.documentElement.clientWidth;
          // Inside a box that scrolls or clips sideways an element cannot widen the page: leave those out.
          const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
          const over = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > limit + 1
            && ![...e.children].some(c => c.getBoundingClientRect().right > limit + 1) && !clipped(e));
          return over.slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).slice(0, 3).join('.') : '')
            + ' in ' + (e.closest('[data-testid]')?.getAttribute('data-testid') ?? 'page') + ' right=' + Math.round(e.getBoundingClientRect().right)).join('; ');
        }
        """;

    private async Task<IPage> NewPageAsync(int width, int height, bool dark, string locale = "en-US")
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        // Dark mode as the app keeps it in this browser (MainLayout reads it once the circuit is interactive).
        await context.AddInitScriptAsync($"window.localStorage.setItem('planner.darkMode', '{(dark ? "true" : "false")}');");
        return await context.NewPageAsync();
    }

    /// <summary>
    /// An example saved once through the API: risk-support-assistant has distributions, so the risk page has something to
    /// show; a second one lets the compare page compare saved scenarios.
    /// </summary>
    private Task<string> SavedScenarioAsync(string example) =>
        UploadOnceAsync("/api/scenarios", Path.Combine("examples", example + ".json"), created => created.GetProperty("id").GetString()!);

    /// <summary>A results file kept in docs/measurements, uploaded once as a benchmark agent uploads it; its run id.</summary>
    private Task<string> UploadedRunAsync(string file) =>
        UploadOnceAsync("/api/benchmarks/runs", Path.Combine("docs", "measurements", file + ".json"), created => created.GetProperty("runId").GetString()!);

    private async Task<string> UploadOnceAsync(string endpoint, string file, Func<System.Text.Json.JsonElement, string> idOf)
    {
        await SavedLock.WaitAsync();
        try
        {
            if (!SavedIds.TryGetValue(file, out var id))
            {
                using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
                var json = await File.ReadAllTextAsync(Path.Combine(WebAppFixture.RepositoryRoot(), file));
                using var response = await http.PostAsync(endpoint, new StringContent(json, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                id = idOf(await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
                SavedIds[file] = id;
            }
            return id;
        }
        finally
        {
            SavedLock.Release();
        }
    }
}
