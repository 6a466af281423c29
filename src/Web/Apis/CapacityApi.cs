using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Serving;
using Planner.Data.Projections;

namespace Planner.Web.Apis;

/// <summary>
/// <c>POST /api/capacity</c>: the capacity of one replica at p95 latency targets, the replicas for a peak, the
/// throughput-vs-latency curve and the latency-against-rate sweep — <c>planner capacity</c>'s JSON, from the same
/// <see cref="CapacityService"/> (docs/web.md).
/// </summary>
public static class CapacityApi
{
    /// <summary>Simulated seconds per rate tried that one API call may ask for: a request's work stays bounded (the CLI allows a day).</summary>
    public const double MaxDurationSeconds = 3600;

    public static RouteGroupBuilder MapCapacityApi(this RouteGroupBuilder api)
    {
        api.MapPost("/capacity", PlanAsync)
            .WithName("PlanCapacity")
            .WithTags("Capacity")
            .WithSummary("Capacity of a replica at p95 TTFT and inter-token latency targets")
            .WithDescription("A model and GPU from the catalogs on N GPUs per replica, the request lengths and the p95 targets in; the highest request rate one replica "
                + "serves within them (simulated continuous batching, docs/methodology.md \"Capacity search\"), the replicas and GPUs for `rate`, the curve over "
                + "`curveBatches` × `curveGpus` with its Pareto front and the latency percentiles at `sweepPoints` rates out: the JSON of `planner capacity`. "
                + "With `stepTimes: { run }` a stored `planner bench serve` run's fitted step times replace the projection. "
                + "With `clients` (and `thinkTime`, seconds) the load is closed-loop users and the capacity the most users one replica serves, with the rate they achieve. "
                + "Bad input gets 400 naming each field and its allowed range; `duration` is at most 3600 s here.")
            .Accepts<CapacitySettings>("application/json")
            .Produces<CapacityPlan>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();
        return api;
    }

    /// <summary>The body is the service's own settings (<see cref="CapacitySettings"/>): the API checks only what is its own, the run length of one call and the shape of <c>stepTimes</c>.</summary>
    internal static async Task<ContentHttpResult> PlanAsync(CapacitySettings body, CapacityService capacity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!(body.Duration >= 1 && body.Duration <= MaxDurationSeconds))
        {
            throw new InputException(InputProblem.At("duration", string.Create(CultureInfo.InvariantCulture,
                $"must be >= 1 and <= {MaxDurationSeconds} seconds in an API call (got {body.Duration})")));
        }
        if (body.StepTimesRun is { Run: null or "" })
        {
            throw new InputException(InputProblem.At("stepTimes.run", "is required: the id of a stored planner bench serve run (planner bench runs)"));
        }
        var plan = await Task.Run(() => capacity.PlanAsync(body, field => field == "stepTimesRun" ? "stepTimes" : field, null, ct), ct);
        return TypedResults.Text(PlannerJson.Serialize(plan), "application/json");
    }
}
