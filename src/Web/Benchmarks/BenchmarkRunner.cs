using Planner.Benchmarks;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Serving;
using Planner.CostModel;
using Planner.Data.Benchmarks;

namespace Planner.Web.Benchmarks;

/// <summary>
/// Runs queued benchmark profiles one at a time in the background (not in a page's circuit) and stores each finished
/// run through the store's benchmark import, the same path as <c>planner bench import</c>.
/// </summary>
public sealed class BenchmarkRunner(BenchmarkRunQueue queue, BenchmarkStore store, TimeProvider time, ILogger<BenchmarkRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var ct = queue.Start(request, stoppingToken);
            try
            {
                var (run, what) = request.Endpoint is { } endpoint
                    ? (await new EndpointLoadTester(time).RunAsync(endpoint, new ImmediateProgress<ServingBenchmarkProgress>(p => queue.Report(EndpointStep(p, endpoint))), ct),
                        $"load test of {endpoint.DisplayUrl}")
                    : (await new BenchmarkEngine(time).RunAsync(ProfileLoader.Load(request.Profile), request.Device, new ImmediateProgress<BenchmarkProgress>(queue.Report), ct),
                        $"web run of profile {request.Profile}");
                var imported = await store.ImportAsync(BenchmarkResultsJson.Serialize(run), what, request.RequestedBy, stoppingToken);
                var outcome = run.Partial ? "cancelled; the results finished before cancelling were stored" : "finished and stored";
                queue.Finish(imported.Run.RunId, $"Run {run.RunId} ({request.Profile}, {run.Results.Count} results{(run.Serving is { Count: > 0 } s ? $", {s.Count} serving load points" : "")}) {outcome}.", failed: false);
            }
            catch (InputException ex)
            {
                queue.Finish(null, string.Join(" ", ex.Problems), failed: true);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                queue.Finish(null, "The server is stopping; the run was abandoned.", failed: true);
                return;
            }
#pragma warning disable CA1031 // A failed run must not stop the queue; the failure is shown to the user and logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Benchmark run of profile {Profile} failed", request.Profile);
                queue.Finish(null, $"The run failed: {ex.Message}", failed: true);
            }
        }
    }

    /// <summary>An endpoint load point as a queue step: its load and requests so far; the fraction counts finished points and this one's elapsed time.</summary>
    private static BenchmarkProgress EndpointStep(ServingBenchmarkProgress p, EndpointSettings endpoint)
    {
        var load = endpoint.Loads[p.LoadIndex];
        var within = Math.Clamp(p.Requests.ElapsedSeconds / load.DurationSeconds, 0, 1);
        return new BenchmarkProgress(p.LoadIndex, p.Loads, endpoint.Model,
            $"{p.Load}: {p.Requests.Issued} sent, {p.Requests.Ended} ended, {p.Requests.Failed} failed", 0, BenchmarkRequest.EndpointProfile,
            (p.LoadIndex + within) / p.Loads);
    }
}
