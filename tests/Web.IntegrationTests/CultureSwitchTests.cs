using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Planner.Web.IntegrationTests;

/// <summary>The language switch (GET /culture) and how a request's language is chosen: cookie, then Accept-Language, else English.</summary>
public sealed class CultureSwitchTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<string> PageAsync(string path, string? cookie = null, string? acceptLanguage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Server-rendered HTML writes non-ASCII characters as character references.
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Switching_to_Chinese_keeps_the_choice_in_a_cookie_for_a_year_and_goes_back_to_the_page()
    {
        var response = await _client.GetAsync("/culture?culture=zh-CN&redirectUri=%2Feditor%3Ftemplate%3Dsupport-assistant");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/editor?template=support-assistant", response.Headers.Location?.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN;", cookie, StringComparison.Ordinal);
        var expires = DateTimeOffset.Parse(System.Text.RegularExpressions.Regex.Match(cookie, "expires=([^;]+)").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(364), TimeSpan.FromDays(366));
        Assert.Contains("path=/", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cookie_serves_the_pages_in_Chinese_and_the_default_is_English()
    {
        var chinese = await PageAsync("/", cookie: ".AspNetCore.Culture=c%3Dzh-CN%7Cuic%3Dzh-CN");
        Assert.Contains("<html lang=\"zh-CN\">", chinese, StringComparison.Ordinal);
        Assert.Contains("场景编辑器", chinese, StringComparison.Ordinal);

        var english = await PageAsync("/");
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Scenario editor", english, StringComparison.Ordinal);
        Assert.DoesNotContain("场景编辑器", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_asking_for_Chinese_gets_Chinese_until_the_cookie_says_otherwise()
    {
        Assert.Contains("场景编辑器", await PageAsync("/", acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.5"), StringComparison.Ordinal);
        var chosen = await PageAsync("/", cookie: ".AspNetCore.Culture=c%3Den%7Cuic%3Den", acceptLanguage: "zh-CN,zh;q=0.9");
        Assert.Contains("Scenario editor", chosen, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/culture?culture=fr-FR&redirectUri=/", "culture", "culture must be one of en, zh-CN (got 'fr-FR')")]
    [InlineData("/culture?redirectUri=/", "culture", "culture must be one of en, zh-CN (got '')")]
    [InlineData("/culture?culture=zh-CN&redirectUri=https://evil.example/", "redirectUri", "redirectUri must be a path on this site starting with a single '/' (got 'https://evil.example/')")]
    [InlineData("/culture?culture=zh-CN&redirectUri=//evil.example/", "redirectUri", "redirectUri must be a path on this site starting with a single '/' (got '//evil.example/')")]
    public async Task A_bad_switch_answers_400_naming_the_parameter_and_what_it_allows(string path, string parameter, string problem)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(problem, body.RootElement.GetProperty("errors").GetProperty(parameter)[0].GetString());
    }
}
