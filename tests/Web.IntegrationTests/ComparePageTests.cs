using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;

namespace Planner.Web.IntegrationTests;

public sealed class ComparePageTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string ExampleJson(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    private async Task<string> SaveAsync(string example)
    {
        var response = await _client.PostAsync("/api/scenarios", new StringContent(ExampleJson(example), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    [Fact]
    public async Task A_shared_compare_link_renders_every_named_scenario_with_its_recommendation()
    {
        string[] examples = ["visual-inspection", "support-assistant"];
        var ids = new List<string>();
        foreach (var example in examples)
        {
            ids.Add(await SaveAsync(example));
        }

        var response = await _client.GetAsync($"/compare?scenarios={string.Join(',', ids)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        for (var i = 0; i < ids.Count; i++)
        {
            var expected = CostEngine.Evaluate(ScenarioJson.Parse(ExampleJson(examples[i])));
            var row = html.IndexOf($"<tr data-scenario=\"{ids[i]}\"", StringComparison.Ordinal);
            Assert.True(row >= 0, $"the comparison lists {ids[i]}");
            var recommendation = html.IndexOf("data-testid=\"recommendation\"", row, StringComparison.Ordinal);
            Assert.StartsWith($"data-testid=\"recommendation\" data-option=\"{expected.Recommendation}\"", html[recommendation..], StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(expected.Scenario), html, StringComparison.Ordinal);
        }
    }
}
