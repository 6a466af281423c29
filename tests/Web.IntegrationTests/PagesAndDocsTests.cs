using System.Net;
using System.Net.Http.Headers;

namespace Planner.Web.IntegrationTests;

/// <summary>Issue 15: the API reference page, a page (not raw JSON) for unknown addresses, JSON 404s kept for the API, a favicon.</summary>
public sealed class PagesAndDocsTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<HttpResponseMessage> GetAsBrowserAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task An_unknown_address_asked_for_by_a_browser_answers_404_with_the_not_found_page()
    {
        var response = await GetAsBrowserAsync("/no-such-page/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        Assert.Contains("no-such-page/here", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_address_keeps_answering_404_with_problem_details()
    {
        var response = await GetAsBrowserAsync("/api/no-such-resource");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_api_reference_page_is_served_and_reads_the_openapi_document()
    {
        var response = await GetAsBrowserAsync("/api-docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Planner HTTP API", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        var document = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Fact]
    public async Task Pages_name_a_favicon_that_is_served()
    {
        var html = await (await GetAsBrowserAsync("/methodology")).Content.ReadAsStringAsync();
        var link = System.Text.RegularExpressions.Regex.Match(html, "<link rel=\"icon\"[^>]*href=\"([^\"]+)\"");
        Assert.True(link.Success, "no <link rel=icon> in the page head");

        var icon = await _client.GetAsync("/" + link.Groups[1].Value.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("image/svg+xml").MediaType, icon.Content.Headers.ContentType?.MediaType);
    }
}
