using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// One broken stored scenario (written straight into the SQLite store, past the API's validation) shows as broken and
/// never takes the dashboard, the compare page, the editor or the API down (issue 17).
/// </summary>
public sealed class BrokenScenarioTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string ExampleJson(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    private async Task<string> SaveAsync(string json)
    {
        var response = await _client.PostAsync("/api/scenarios", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    /// <summary>Overwrites the stored JSON of <paramref name="id"/> with SQL, as a bug, an old version or a hand edit could.</summary>
    private void WriteStraightIntoStore(string id, string json)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE Scenarios SET CurrentJson = $json WHERE Id = $id";
        command.Parameters.AddWithValue("$json", json);
        command.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    public static TheoryData<string, string> BrokenJson() => new()
    {
        { "a server price of 1e308", ExampleJson("support-assistant").Replace("\"serverPrice\": 320000", "\"serverPrice\": 1e308", StringComparison.Ordinal) },
        { "text that is not JSON", "{ this is not json" },
    };

    [Theory]
    [MemberData(nameof(BrokenJson))]
    public async Task A_broken_stored_scenario_shows_as_broken_and_every_page_still_answers(string what, string broken)
    {
        Assert.NotEqual(ExampleJson("support-assistant"), broken);
        var good = await SaveAsync(ExampleJson("visual-inspection"));
        var bad = await SaveAsync(ExampleJson("support-assistant"));
        WriteStraightIntoStore(bad, broken);

        var home = await _client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync();
        Assert.Contains($"<tr data-scenario=\"{good}\"", html, StringComparison.Ordinal);
        Assert.Contains($"<tr data-scenario=\"{bad}\"", html, StringComparison.Ordinal);

        var compare = await _client.GetAsync($"/compare?scenarios={good},{bad}");
        Assert.Equal(HttpStatusCode.OK, compare.StatusCode);

        var editor = await _client.GetAsync($"/scenarios/{bad}");
        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        Assert.Contains("data-testid=\"stored-broken\"", await editor.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/scenarios/{bad}")).StatusCode);
        var csv = await _client.GetAsync($"/api/scenarios/{bad}/cash-flows.csv");
        Assert.True(csv.StatusCode == HttpStatusCode.BadRequest, $"{what}: cash flows answered {(int)csv.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/scenarios/{good}/cash-flows.csv")).StatusCode);
    }

    [Fact]
    public async Task A_stored_server_price_of_1e308_is_named_with_its_range_on_the_dashboard()
    {
        var bad = await SaveAsync(ExampleJson("support-assistant"));
        WriteStraightIntoStore(bad, ExampleJson("support-assistant").Replace("\"serverPrice\": 320000", "\"serverPrice\": 1e308", StringComparison.Ordinal));

        var html = await (await _client.GetAsync("/")).Content.ReadAsStringAsync();

        var row = html[html.IndexOf($"<tr data-scenario=\"{bad}\"", StringComparison.Ordinal)..];
        Assert.Contains("options[2].serverPrice must be &gt;= 0 and &lt;= 1,000,000,000", row[..row.IndexOf("</tr>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_saved_with_json_comments_loads_again()
    {
        var withComments = "// saved by hand\n" + ExampleJson("visual-inspection").Replace("{", "{ /* a comment */", StringComparison.Ordinal);
        var id = await SaveAsync(withComments);

        var response = await _client.GetAsync($"/api/scenarios/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["scenario"]!["name"]);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/scenarios/{id}")).StatusCode);
    }
}
