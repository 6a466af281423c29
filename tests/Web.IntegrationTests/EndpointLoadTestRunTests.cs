using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Serving;
using Planner.CostModel.Serving;
using Planner.Data.Benchmarks;
using Planner.Web.Benchmarks;

namespace Planner.Web.IntegrationTests;

public sealed class EndpointLoadTestRunTests(PlannerWebFactory factory) : IClassFixture<PlannerWebFactory>
{
    [Fact]
    public async Task An_endpoint_load_test_queued_from_the_web_app_runs_in_the_background_with_live_steps_and_is_stored()
    {
        await using var server = await StreamingServer.StartAsync();
        _ = factory.CreateClient(); // starts the host and its background runner
        var queue = factory.Services.GetRequiredService<BenchmarkRunQueue>();
        var labels = new List<string>();
        queue.Changed += () =>
        {
            lock (labels)
            {
                labels.AddRange(queue.State.Steps.Select(s => s.Label));
            }
        };
        var load = new ServingLoad(null, 2, 1, 8, 3, 20, 10, 1);
        var settings = new EndpointSettings(new Uri(server.BaseAddress, "v1"), "loopback-model", EndpointSettings.Chat, null, [load], new ServingTargets(5000, 5000));

        queue.Enqueue(new BenchmarkRequest(BenchmarkRequest.EndpointProfile, DeviceRequest.Auto, settings));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (queue.State.LastRunId is null && DateTime.UtcNow < deadline && !queue.State.LastFailed)
        {
            await Task.Delay(100);
        }
        Assert.False(queue.State.LastFailed, queue.State.LastMessage);
        var stored = await factory.Services.GetRequiredService<BenchmarkStore>().FindRunAsync(queue.State.LastRunId!, CancellationToken.None);
        var run = BenchmarkResultsJson.Parse(stored!.Json);
        var serving = Assert.Single(run.Serving!);
        Assert.Equal("endpoint", run.Profile);
        Assert.True(serving.Metrics.Completed > 0 && serving.Metrics.Failed == 0);
        Assert.Equal(3L * serving.Metrics.Completed, serving.Metrics.OutputTokens);
        Assert.True(serving.Metrics.MeetsTargets);
        lock (labels)
        {
            Assert.Contains(labels, l => l.StartsWith("loopback-model: concurrency 2", StringComparison.Ordinal) && l.Contains("ended", StringComparison.Ordinal));
        }
    }

    /// <summary>A real streaming OpenAI-compatible server on loopback: three content chunks, the usage chunk, [DONE].</summary>
    private sealed class StreamingServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private StreamingServer(WebApplication app) => _app = app;

        public Uri BaseAddress => new(_app.Urls.First().TrimEnd('/') + "/");

        public static async Task<StreamingServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapPost("/v1/chat/completions", async context =>
            {
                context.Response.ContentType = "text/event-stream";
                foreach (var word in new[] { "one", " two", " three" })
                {
                    await context.Response.WriteAsync($$$"""data: {"choices":[{"index":0,"delta":{"content":"{{{word}}}"}}]}""" + "\n\n");
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(5);
                }
                await context.Response.WriteAsync("""data: {"choices":[],"usage":{"prompt_tokens":8,"completion_tokens":3,"total_tokens":11}}""" + "\n\n");
                await context.Response.WriteAsync("data: [DONE]\n\n");
            });
            await app.StartAsync();
            return new StreamingServer(app);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
