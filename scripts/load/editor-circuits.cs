#:package Microsoft.Playwright@1.64.1
#:property TreatWarningsAsErrors=false
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
// Opens the editor in PAGES real Blazor Server circuits at once (one Chromium, one browser context per user, Debian's
// Chromium as the end-to-end tests use it) and prints the time each took to become interactive (the layout's
// data-interactive marker) and the server's memory while they are all open and after they are closed.
// Run by scripts/load-editor.sh (CIRCUITS=N); by hand: dotnet run scripts/load/editor-circuits.cs -- URL PAGES SERVER_PID
using System.Diagnostics;
using Microsoft.Playwright;

var url = args[0];
var pages = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var serverPid = args[2];

static long RssKb(string pid) => File.ReadLines($"/proc/{pid}/status")
    .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
    .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))
    .First();

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
var idle = RssKb(serverPid);
var contexts = new List<IBrowserContext>();
var times = await Task.WhenAll(Enumerable.Range(0, pages).Select(async _ =>
{
    var context = await browser.NewContextAsync();
    lock (contexts)
    {
        contexts.Add(context);
    }
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(300_000);
    var clock = Stopwatch.StartNew();
    await page.GotoAsync(url);
    await page.Locator("[data-interactive=true]").WaitForAsync();
    return clock.Elapsed.TotalMilliseconds;
}));
await Task.Delay(TimeSpan.FromSeconds(3));
var open = RssKb(serverPid);
foreach (var context in contexts)
{
    await context.CloseAsync();
}
await Task.Delay(TimeSpan.FromSeconds(10));
var closed = RssKb(serverPid);
Array.Sort(times);
double At(double q) => times[Math.Min(times.Length - 1, (int)Math.Round(q * times.Length + 0.5) - 1)];
var load = File.ReadAllText("/proc/loadavg").Split(' ');
Console.WriteLine($"{"circuits " + pages,-34} {At(0.5),8:F0} {At(0.95),8:F0} {times[^1],8:F0} {"",8} {"",11} {idle / 1024.0,10:F0} {open / 1024.0,10:F0} {closed / 1024.0,10:F0}  {load[0]} {load[1]} {load[2]}");
