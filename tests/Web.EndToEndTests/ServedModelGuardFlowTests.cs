using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Planner.Web.EndToEndTests.Pages;

namespace Planner.Web.EndToEndTests;

/// <summary>
/// Issue #15: throughput measured on a preset far smaller than the workload's model is not handed over. A run of the
/// small GPT decoder measured on an H100 (so the device check passes) is refused for a scenario serving llama-3-70b on
/// rented H100s, and the run page says why.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class ServedModelGuardFlowTests(WebAppFixture app)
{
    private const string RunId = "20261202-120000-e2e70b01";

    private const string Scenario = """
        {
          "name": "Llama 3 70B assistant",
          "horizonMonths": 24,
          "discountRateAnnual": 0.1,
          "workload": { "requestsPerMonth": 2000000, "inputTokensPerRequest": 800, "outputTokensPerRequest": 250, "model": "llama-3-70b" },
          "options": [
            { "id": "api", "kind": "api", "name": "Hosted API", "inputPricePerMillion": 0.5, "outputPricePerMillion": 1.5 },
            { "id": "cloud", "kind": "cloud", "name": "Rented H100s", "cloudOffer": "aws-p5-48xlarge-ondemand",
              "prefillTokensPerGpuSecond": 5000, "decodeTokensPerGpuSecond": 400 }
          ]
        }
        """;

    [Fact]
    public async Task A_small_decoder_run_on_an_h100_is_refused_for_a_70b_workload_with_both_models_and_sizes()
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using (var upload = await http.PostAsync("/api/benchmarks/runs", new StringContent(H100DecoderRun(), Encoding.UTF8, "application/json")))
        {
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        }
        string id;
        using (var saved = await http.PostAsync("/api/scenarios", new StringContent(Scenario, Encoding.UTF8, "application/json")))
        {
            saved.EnsureSuccessStatusCode();
            id = (await saved.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        }
        var page = await app.NewPageAsync();
        var editor = new EditorPage(page, app);
        await editor.OpenAsync($"/scenarios/{id}");
        await editor.WaitForResultsAsync();

        // Navigate inside the app (the open scenario is the circuit's), to the uploaded run's page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Benchmarks" }).ClickAsync();
        var benchmarks = new BenchmarksPage(page, app);
        await benchmarks.Runs.Filter(new() { HasText = RunId }).GetByRole(AriaRole.Link).First.ClickAsync();
        var detail = new RunDetailPage(page, app);
        await detail.Results.First.WaitForAsync();
        await Assertions.Expect(detail.Fingerprint).ToContainTextAsync("H100");

        var refused = await detail.UseInScenarioRefusedAsync();

        await Assertions.Expect(refused).ToContainTextAsync("measured gpt-decoder/small (163.1M parameters), and the workload serves llama-3-70b (70.55B), 433 times larger");
        await Assertions.Expect(refused).ToContainTextAsync("overrideModelSize");
        await detail.ScreenshotAsync("benchmark-handoff-refused-model-size");
        await page.GetByRole(AriaRole.Link, new() { Name = "Scenario editor" }).ClickAsync();
        await editor.WaitForResultsAsync();
        await Assertions.Expect(page.Locator("div[data-option=cloud]")).Not.ToContainTextAsync("Throughput: run");
    }

    /// <summary>
    /// A real results file of gpt-decoder/small (docs/measurements), as if measured with CUDA on an H100, with the
    /// parameter count `bench run` records.
    /// </summary>
    private static string H100DecoderRun()
    {
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(WebAppFixture.RepositoryRoot(), "docs", "measurements", "model-cache", "20261202-053939-c5e5e844.json")))!;
        run["runId"] = RunId;
        run["settings"]!["device"] = "cuda";
        run["settings"]!["provider"] = "cuda";
        run["fingerprint"]!["fingerprintId"] = "e2e70b0000000001";
        run["fingerprint"]!["gpu"] = new JsonObject { ["name"] = "NVIDIA H100 80GB HBM3", ["memoryGb"] = 79.6, ["driverVersion"] = "570.86" };
        run["fingerprint"]!["gpuNote"] = null;
        run["fingerprint"]!["providersAvailable"] = new JsonArray("CUDAExecutionProvider", "CPUExecutionProvider");
        foreach (var result in run["results"]!.AsArray())
        {
            result!["provider"] = "cuda";
            result["parameters"] = 163_087_441;
        }
        return run.ToJsonString();
    }
}
