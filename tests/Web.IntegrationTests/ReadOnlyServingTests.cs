using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// Read-only serving (issue 17; docs/security.md): a store prepared by this version and opened with Mode=ReadOnly is
/// served for reading and exporting, every change is refused with 503 and the reason, and the store is not written.
/// </summary>
public sealed class ReadOnlyServingTests
{
    private sealed class ReadOnlyStoreWebFactory(string database) : PlannerWebFactory
    {
        protected override void Configure(IWebHostBuilder builder) =>
            builder.UseSetting("PlannerData:Database", $"Data Source={database};Mode=ReadOnly");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    [Fact]
    public async Task A_prepared_store_opened_read_only_is_served_for_reading_and_every_change_answers_503_with_the_reason()
    {
        await using var writable = new PlannerWebFactory();
        var writer = writable.CreateClient();
        var created = await writer.PostAsync("/api/scenarios", Json(Example("support-assistant")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        await using var readOnly = new ReadOnlyStoreWebFactory(writable.DatabasePath);
        var client = readOnly.CreateClient();

        var list = await client.GetStringAsync("/api/scenarios");
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/scenarios/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/evaluate", Json(Example("support-assistant")))).StatusCode);

        foreach (var change in new[]
        {
            await client.PostAsync("/api/scenarios", Json(Example("support-assistant"))),
            await client.PutAsync($"/api/scenarios/{id}", Json(Example("support-assistant"))),
            await client.PostAsync("/api/benchmarks/runs", Json("{}")),
            await client.PostAsync("/api/catalogs/gpus", new StringContent("name\n", Encoding.UTF8, "text/csv")),
        })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, change.StatusCode);
            Assert.Contains("read-only store", await change.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(list, await client.GetStringAsync("/api/scenarios"));

        var page = await client.GetStringAsync("/");
        Assert.Contains("data-testid=\"read-only-store\"", page, StringComparison.Ordinal);
        Assert.Contains("(viewer)", page, StringComparison.Ordinal);
    }
}
