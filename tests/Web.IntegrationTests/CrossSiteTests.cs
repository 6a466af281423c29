using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// What a page on another site can send without a CORS preflight (a no-cors fetch or a form: text/plain, form data,
/// with its own Origin) creates nothing, even in local mode where every local request is the admin.
/// </summary>
public sealed class CrossSiteTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string Example => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "support-assistant.json"));

    private async Task<int> StoredCountAsync() => JsonNode.Parse(await _client.GetStringAsync("/api/scenarios"))!.AsArray().Count;

    [Fact]
    public async Task A_no_cors_cross_origin_post_creates_nothing()
    {
        var before = await StoredCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/scenarios") { Content = new StringContent(Example, Encoding.UTF8, "text/plain") };
        request.Headers.Add("Origin", "https://evil.example");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await StoredCountAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_type_browsers_send_without_preflight_is_refused_with_415_even_without_origin(string contentType)
    {
        var before = await StoredCountAsync();
        using var content = new StringContent(Example, Encoding.UTF8);
        content.Headers.Remove("Content-Type");
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _client.PostAsync("/api/scenarios", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredCountAsync());
    }

    [Fact]
    public async Task A_same_origin_json_post_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/scenarios") { Content = new StringContent(Example, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", _client.BaseAddress!.GetLeftPart(UriPartial.Authority));

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("local", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["updatedBy"]);
    }

    [Fact]
    public async Task Local_mode_refuses_a_request_naming_another_host_as_dns_rebinding_would()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scenarios");
        request.Headers.Host = "attacker.example";

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
