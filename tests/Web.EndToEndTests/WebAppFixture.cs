using Microsoft.Playwright;
using Planner.Tests;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// One real web app process (built Planner.Web.dll on a free loopback port, SQLite store in a temp folder:
/// <see cref="WebAppProcess"/>) and one headless Debian Chromium, shared by every end-to-end test.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-web-e2e-" + Guid.NewGuid().ToString("N"));
    private WebAppProcess? _app;
    private IPlaywright? _playwright;

    public string BaseUrl => _app?.BaseUrl ?? "";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where tests save page screenshots: screenshots/ under the test output folder.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(Screenshots);
        _app = await WebAppProcess.StartAsync(new Dictionary<string, string> { ["PLANNER_DB"] = Path.Combine(_folder, "planner.db") });

        // Expectations poll up to 30 s (Playwright's default is 5 s): charts draw late on a busy 2-core CI machine.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchDebianChromiumAsync();
    }

    /// <summary>
    /// A page in a fresh browser context (no cookies). The browser's language is <paramref name="locale"/> (en-US unless
    /// a test says otherwise), so the English tests never get the Chinese interface from the machine's settings.
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
            Locale = locale,
        });
        // Generous: on a 2-core CI machine the other test assemblies run at the same time.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    public string AppLog => _app?.Log ?? "";

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold its profile for a moment; the temp folder is left behind then.
        }
    }

    /// <summary>The repository these tests were built from.</summary>
    public static string RepositoryRoot() => WebAppProcess.RepositoryRoot();
}

internal static class BrowserLaunch
{
    /// <summary>
    /// Debian's Chromium, headless; never a downloaded browser. Playwright gives each launch a fresh temporary
    /// profile (it refuses an explicit --user-data-dir outside persistent contexts).
    /// </summary>
    public static Task<IBrowser> LaunchDebianChromiumAsync(this IBrowserType chromium) =>
        chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}
