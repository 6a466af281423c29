using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Planner.Data.Accounts;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// What the server writes to its logs for operators (docs/security.md, "Operations"; issue 17): the access log names the
/// user of every request, and the start says which access mode the server is in.
/// </summary>
public sealed class AccessLogTests
{
    [Fact]
    public async Task Every_api_request_is_one_access_log_line_with_method_path_status_and_user()
    {
        await using var baseFactory = new SignInRequiredWebFactory();
        var log = new CapturedLog();
        await using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));
        var accounts = factory.Services.GetRequiredService<AccountService>();
        await accounts.AddUserAsync("ed", PlannerRoles.Editor, SignInRequiredWebFactory.Password, email: null, by: "test", CancellationToken.None);
        var token = (await accounts.CreateTokenAsync("ed", TokenScopes.Read, label: null, by: "test", CancellationToken.None)).Text;
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var anonymous = await client.GetAsync("/api/scenarios");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var signedIn = await client.SendAsync(request);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (anonymous.StatusCode, signedIn.StatusCode));
        var lines = log.Lines("Planner.AccessLog").Where(l => l.Message.StartsWith("GET /api/scenarios ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(LogLevel.Information, l.Level));
        Assert.Matches(@"^GET /api/scenarios 401 \d+ ms user=anonymous ip=", lines[0].Message);
        Assert.Matches(@"^GET /api/scenarios 200 \d+ ms user=ed ip=", lines[1].Message);
    }

    [Fact]
    public async Task A_loopback_server_with_no_account_says_on_start_that_it_is_in_local_mode()
    {
        await using var baseFactory = new PlannerWebFactory();
        var log = new CapturedLog();
        await using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(log)));

        using var client = factory.CreateClient();

        var start = Assert.Single(log.Lines("Planner.Access"), l => l.Message.StartsWith("Local mode:", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, start.Level);
        Assert.Contains("acts as the admin \"local\"", start.Message, StringComparison.Ordinal);
    }

    /// <summary>Every log entry of the host, by category.</summary>
    private sealed class CapturedLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        public IEnumerable<(LogLevel Level, string Message)> Lines(string category) =>
            _entries.Where(e => e.Category == category).Select(e => (e.Level, e.Message));

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
