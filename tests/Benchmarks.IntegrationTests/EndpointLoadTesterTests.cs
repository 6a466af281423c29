using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Serving;
using Planner.Cli.Serve;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.IntegrationTests;

public class EndpointLoadTesterTests
{
    private static ServingLoad Load(int? concurrency = 2, double? rate = null, double timeout = 30) =>
        new(rate, concurrency, 1, InputTokens: 8, OutputTokens: 5, MaxRequests: 40, RequestTimeoutSeconds: timeout, Seed: 3);

    [Fact]
    public async Task The_load_tester_measures_planner_serve_streaming_the_reference_decoder_over_loopback()
    {
        await using var server = await DecoderServer.StartAsync(new DecoderServerOptions("tiny", 0, 4, 1, 42, DeviceRequest.Cpu), CancellationToken.None);
        const string variable = "PLANNER_TEST_ENDPOINT_KEY";
        System.Environment.SetEnvironmentVariable(variable, "sk-test-secret-4711");
        var settings = new EndpointSettings(new Uri(server.BaseAddress, "v1"), server.ModelName, EndpointSettings.Chat, variable,
            [Load(), Load(concurrency: null, rate: 8)], new ServingTargets(10_000, 10_000));

        var run = await new EndpointLoadTester().RunAsync(settings, null, CancellationToken.None);

        Assert.Equal(2, run.Serving!.Count);
        Assert.All(run.Serving, s =>
        {
            Assert.True(s.Metrics.Completed > 0, $"{s.Load.Describe()}: nothing completed");
            Assert.Equal(0, s.Metrics.Failed);
            Assert.Equal(5L * s.Metrics.Completed, s.Metrics.OutputTokens); // from the usage chunk
            Assert.True(s.Metrics.TimeToFirstTokenMs.P50 > 0 && s.Metrics.InterTokenLatencyMs.P50 > 0);
            Assert.True(s.Metrics.EndToEndMs.P50 >= s.Metrics.TimeToFirstTokenMs.P50);
            Assert.Equal(1.0, s.Metrics.Goodput);
            Assert.True(s.Metrics.MeetsTargets);
            Assert.Equal($"{server.BaseAddress}v1/chat/completions", s.Endpoint);
        });
        var json = BenchmarkResultsJson.Serialize(run);
        Assert.DoesNotContain("sk-test-secret-4711", json, StringComparison.Ordinal);
        Assert.Equal("endpoint", BenchmarkResultsJson.Parse(json).Settings.Provider);
    }

    [Fact]
    public async Task The_completions_api_streams_text_chunks_that_are_counted_the_same_way()
    {
        await using var server = await DecoderServer.StartAsync(new DecoderServerOptions("tiny", 0, 4, 1, 42, DeviceRequest.Cpu), CancellationToken.None);
        var settings = new EndpointSettings(new Uri(server.BaseAddress, "v1"), server.ModelName, EndpointSettings.Completions, null, [Load(concurrency: 1)], null);

        var run = await new EndpointLoadTester().RunAsync(settings, null, CancellationToken.None);

        var serving = Assert.Single(run.Serving!);
        Assert.True(serving.Metrics.Completed > 0);
        Assert.Equal(0, serving.Metrics.Failed);
        Assert.Null(serving.Metrics.Goodput);
    }

    [Theory]
    [InlineData("429", "http 429 (rate limited)")]
    [InlineData("500", "http 500")]
    [InlineData("close", "stream closed")]
    [InlineData("stall", "timeout")]
    [InlineData("nodone", "stream closed")]
    public async Task A_faulty_server_s_responses_count_as_errors_of_their_kind_never_as_fast_responses(string fault, string kind)
    {
        await using var faulty = await FaultyServer.StartAsync();
        var settings = new EndpointSettings(new Uri(faulty.BaseAddress, fault + "/v1"), "m", EndpointSettings.Chat, null,
            // Only the stalling server needs the short timeout; the others answer at once, and a busy CI machine must not turn them into timeouts.
            [Load(concurrency: 2, timeout: fault == "stall" ? 1 : 20) with { MaxRequests = 6 }], new ServingTargets(10_000, 10_000));

        var run = await new EndpointLoadTester().RunAsync(settings, null, CancellationToken.None);

        var metrics = Assert.Single(run.Serving!).Metrics;
        Assert.Equal(0, metrics.Completed);
        Assert.True(metrics.Failed > 0);
        Assert.True(metrics.ErrorsByKind.TryGetValue(kind, out var count) && count == metrics.Failed,
            string.Join(", ", metrics.ErrorsByKind.Select(e => $"{e.Key}: {e.Value}")));
        Assert.Equal(0, metrics.TimeToFirstTokenMs.Count);
        Assert.Equal(0, metrics.Goodput);
        Assert.False(metrics.MeetsTargets);
    }

    [Fact]
    public async Task Cancelling_keeps_the_requests_that_ended_and_marks_the_run_partial()
    {
        await using var faulty = await FaultyServer.StartAsync();
        // Cancelled while both requests stall (the server holds them 5 s): 2 s leaves a busy machine time for the warm-up
        // and the first connections (at 0.5 s, a run beside other work was cancelled before either request was sent).
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var settings = new EndpointSettings(new Uri(faulty.BaseAddress, "stall/v1"), "m", EndpointSettings.Chat, null,
            [Load(concurrency: 2, timeout: 30)], null);

        var run = await new EndpointLoadTester().RunAsync(settings, null, cancellation.Token);

        Assert.True(run.Partial);
        var serving = Assert.Single(run.Serving!);
        Assert.True(serving.Partial);
        Assert.Equal(2, serving.Metrics.Incomplete);
        Assert.Equal(0, serving.Metrics.Failed);
    }

    /// <summary>
    /// A real HTTP server on loopback that misbehaves in one way per path prefix, except for the first request on each
    /// path (the load tester's untimed warm-up), which gets a proper stream.
    /// </summary>
    private sealed class FaultyServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FaultyServer(WebApplication app) => _app = app;

        public Uri BaseAddress => new(_app.Urls.First().TrimEnd('/') + "/");

        public static async Task<FaultyServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            app.MapPost("/{fault}/v1/chat/completions", async (string fault, HttpContext context) =>
            {
                if (seen.AddOrUpdate(fault, 1, (_, n) => n + 1) == 1)
                {
                    await Chunk(context, "warm");
                    await context.Response.WriteAsync("data: [DONE]\n\n");
                    return;
                }
                switch (fault)
                {
                    case "429" or "500":
                        context.Response.StatusCode = int.Parse(fault, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "close":
                        // The pause lets the client read the headers and the chunk before the connection is reset.
                        await Chunk(context, "hello");
                        await Task.Delay(100);
                        context.Abort();
                        break;
                    case "stall":
                        await Chunk(context, "hello");
                        await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
                        break;
                    default:
                        await Chunk(context, "hello");
                        await Chunk(context, " world");
                        break;
                }
            });
            await app.StartAsync();
            return new FaultyServer(app);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private static async Task Chunk(HttpContext context, string content)
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync($$$"""data: {"choices":[{"index":0,"delta":{"content":"{{{content}}}"}}]}""" + "\n\n");
            await context.Response.Body.FlushAsync();
        }
    }
}
