using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Planner.Tests;

/// <summary>
/// The built web app (src/Web's Planner.Web.dll of the tests' own configuration) as a real process on a free loopback
/// port, healthy before it is handed out, with its log. Linked into the end-to-end tests (their fixture) and the CLI
/// tests (a real server to push benchmark runs to); the projects that link it reference src/Web so it is built first.
/// </summary>
public sealed class WebAppProcess : IAsyncDisposable
{
    private readonly StringBuilder _log = new();
    private readonly Process _process;

    private WebAppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>http://127.0.0.1:PORT, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app in the Development environment (it serves the _content/* assets from the build output; see
    /// STACK.md) with <paramref name="environment"/> added (PLANNER_DB at least), and waits until /healthz answers.
    /// </summary>
    /// <exception cref="InvalidOperationException">The app exited before it was healthy (its log is in the message).</exception>
    /// <exception cref="TimeoutException">It did not answer /healthz within 120 s.</exception>
    public static async Task<WebAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var dll = FindWebDll();
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var app = new WebAppProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the web app"), baseUrl);
        app._process.OutputDataReceived += (_, e) => app.Append(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        try
        {
            await app.WaitForHealthyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
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
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the web app exited with code {_process.ExitCode}:\n{Log}");
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
        throw new TimeoutException($"the web app did not answer /healthz within 120 s:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web app built with the same configuration as these tests (src/Web/bin/&lt;cfg&gt;/net10.0/&lt;rid&gt;/Planner.Web.dll).</summary>
    private static string FindWebDll()
    {
        var configuration = typeof(WebAppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var bin = Path.Combine(RepositoryRoot(), "src", "Web", "bin", configuration);
        var dll = Directory.Exists(bin) ? Directory.GetFiles(bin, "Planner.Web.dll", SearchOption.AllDirectories).FirstOrDefault() : null;
        return dll ?? throw new InvalidOperationException($"build the web app first: no Planner.Web.dll under {bin}");
    }
}
