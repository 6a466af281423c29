using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// One real web app process (built Planner.Web.dll on a free loopback port, SQLite store in a temp folder) and one
/// headless Debian Chromium, shared by every end-to-end test.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-web-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Where tests save page screenshots: screenshots/ under the test output folder.</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(Screenshots);
        var dll = FindWebDll();
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        // Development serves the _content/* assets from the build output (see STACK.md).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["PLANNER_DB"] = Path.Combine(_folder, "planner.db");
        start.Environment["DOTNET_NOLOGO"] = "1";
        _app = Process.Start(start) ?? throw new InvalidOperationException("could not start the web app");
        _app.OutputDataReceived += (_, e) => Append(e.Data);
        _app.ErrorDataReceived += (_, e) => Append(e.Data);
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
        await WaitForHealthyAsync();

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

    public string AppLog
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            await _app.WaitForExitAsync();
        }
        _app?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold its profile for a moment; the temp folder is left behind then.
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitForHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_app!.HasExited)
            {
                throw new InvalidOperationException($"the web app exited with code {_app.ExitCode}:\n{AppLog}");
            }
            try
            {
                if ((await http.GetAsync(BaseUrl + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // still starting
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"the web app did not answer /healthz within 120 s:\n{AppLog}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repository these tests were built from (the folder holding Planner.sln above the test output).</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Planner.sln")))
        {
            root = root.Parent;
        }
        return root?.FullName ?? throw new InvalidOperationException("could not find the repository root (Planner.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>The web app built with the same configuration as these tests (src/Web/bin/&lt;cfg&gt;/net10.0/&lt;rid&gt;/Planner.Web.dll).</summary>
    private static string FindWebDll()
    {
        var configuration = typeof(WebAppFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var bin = Path.Combine(RepositoryRoot(), "src", "Web", "bin", configuration);
        var dll = Directory.Exists(bin) ? Directory.GetFiles(bin, "Planner.Web.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
        return dll ?? throw new InvalidOperationException($"build the web app first: no Planner.Web.dll under {bin}");
    }
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
