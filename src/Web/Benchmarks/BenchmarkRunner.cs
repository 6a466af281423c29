using Planner.Benchmarks;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.Data.Benchmarks;

namespace Planner.Web.Benchmarks;

/// <summary>
/// Runs queued benchmark profiles one at a time in the background (not in a page's circuit) and stores each finished
/// run through the store's benchmark import, the same path as <c>planner bench import</c>.
/// </summary>
public sealed class BenchmarkRunner(BenchmarkRunQueue queue, BenchmarkStore store, TimeProvider time, ILogger<BenchmarkRunner> logger) : BackgroundService
{
    public const string ImportedBy = "web";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var ct = queue.Start(request, stoppingToken);
            try
            {
                var profile = ProfileLoader.Load(request.Profile);
                var run = await new BenchmarkEngine(time).RunAsync(profile, request.Device, new ImmediateProgress<BenchmarkProgress>(queue.Report), ct);
                var imported = await store.ImportAsync(BenchmarkResultsJson.Serialize(run), $"web run of profile {profile.Name}", ImportedBy, stoppingToken);
                var outcome = run.Partial ? "cancelled; the results finished before cancelling were stored" : "finished and stored";
                queue.Finish(imported.Run.RunId, $"Run {run.RunId} ({profile.Name}, {run.Results.Count} results{(run.Serving is { Count: > 0 } s ? $", {s.Count} serving load points" : "")}) {outcome}.", failed: false);
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
}
