using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Planner.Web.IntegrationTests;

/// <summary>Security headers on pages and the API; no Server header.</summary>
public sealed class SecurityHeaderTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/scenarios")]
    [InlineData("/signin")]
    public async Task Answers_carry_the_security_headers(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }
}

/// <summary>The API's rate limit, set low: the request over the limit gets 429 with Retry-After, per user.</summary>
public sealed class RateLimitTests(RateLimitTests.LowLimitFactory factory) : IClassFixture<RateLimitTests.LowLimitFactory>
{
    public sealed class LowLimitFactory : PlannerWebFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Access:ApiRequestsPerMinute", "3");
    }

    [Fact]
    public async Task The_request_over_the_limit_gets_429_with_retry_after_and_pages_are_not_limited()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/scenarios")).StatusCode);
        }

        var limited = await client.GetAsync("/api/scenarios");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 60);
        Assert.Contains("3 requests a minute", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}

/// <summary>HSTS outside Development: on answers over HTTPS (Kestrel's, or a TLS proxy's forwarded), never over plain HTTP.</summary>
public sealed class HstsTests
{
    [Fact]
    public async Task Outside_development_https_answers_carry_hsts_for_30_days_and_plain_http_answers_do_not()
    {
        await using var signInRequired = new SignInRequiredWebFactory();
        await using var factory = signInRequired.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var https = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://planner.example/") });
        using var http = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://planner.example/") });

        using var secure = await https.GetAsync("/healthz");
        using var plain = await http.GetAsync("/healthz");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (secure.StatusCode, plain.StatusCode));
        Assert.Equal("max-age=2592000", secure.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }
}
