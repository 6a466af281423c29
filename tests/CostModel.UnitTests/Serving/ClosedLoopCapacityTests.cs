using Planner.CostModel.Json;
using Planner.CostModel.Serving;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests.Serving;

/// <summary>Closed-loop users on the capacity engine and the search over their number (docs/methodology.md, "Closed-loop capacity").</summary>
public class ClosedLoopCapacityTests
{
    /// <summary>Prefill 100 ms whatever the prompt; decode 20 ms + 10 ms per sequence.</summary>
    private static readonly StepTimeModel Steps = new(0.1, 0, 0.02, 0.01, 0);

    private static readonly IEqualityComparer<double> Close = EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) < 1e-9, _ => 0);

    private static CapacityQuery Query(double think, ServingTargets targets, int maxBatch = 256, double duration = 60) => new()
    {
        Model = Steps,
        Settings = new FleetSettings { MaxBatch = maxBatch },
        Targets = targets,
        InputTokens = 4,
        OutputTokens = 3,
        DurationSeconds = duration,
        ThinkSeconds = think,
    };

    [Fact]
    public void Without_think_time_the_users_are_the_concurrency_benchmarks_closed_loop()
    {
        var served = FleetSimulator.RunClosedLoop(new ServingLoad(null, 3, 2, 4, 3, 100_000, 3600, 1), Steps, new FleetSettings());
        var users = FleetSimulator.RunClosedLoop(new ClientLoad(3, 0, 2, 4, 3, 1), Steps, new FleetSettings());

        Assert.Equal(served.Requests.Select(r => r.ArrivalSeconds), users.Requests.Select(r => r.ArrivalSeconds), Close);
        Assert.Equal(served.Requests.Select(r => r.EndSeconds!.Value), users.Requests.Select(r => r.EndSeconds!.Value), Close);
    }

    [Fact]
    public void One_user_thinks_an_exponential_time_before_each_request_drawn_from_the_seed()
    {
        // A request takes 0.1 + 2 × 0.03 = 0.16 s. The first send is after the think of draw 1; after request i ends the
        // user thinks the time of draw 2i: −2 × ln U(seed, n).
        var load = new ClientLoad(1, 2, 30, 4, 3, 7);
        var result = FleetSimulator.RunClosedLoop(load, Steps, new FleetSettings());

        double Think(long n) => -2 * Math.Log(CounterRandom.Uniform(7, n));
        var expected = new List<double> { Think(1) };
        while (expected[^1] + 0.16 + Think(2L * (expected.Count - 1)) < 30)
        {
            expected.Add(expected[^1] + 0.16 + Think(2L * (expected.Count - 1)));
        }
        Assert.True(expected.Count > 5, $"{expected.Count} requests");
        Assert.Equal(expected, result.Requests.Select(r => r.ArrivalSeconds), Close);
        Assert.All(result.Requests, r => Assert.Equal(r.ArrivalSeconds + 0.16, r.EndSeconds!.Value, 9));
    }

    [Fact]
    public void Over_a_long_run_the_achieved_rate_obeys_the_interactive_response_time_law()
    {
        // Operational law of a closed system: X = N / (R + Z), with R the mean time in the system and Z the mean think
        // time; and the asymptotic bounds N / (N·D + Z) ≤ X ≤ min(N / (D + Z), 1 / D) for one server of service time D (batch 1).
        const int users = 8;
        const double think = 1.5;
        const double duration = 20_000;
        var run = FleetSimulator.RunClosedLoop(new ClientLoad(users, think, duration, 4, 3, 3), Steps, new FleetSettings { MaxBatch = 1 });

        var rate = CapacitySearch.AchievedRate(run, duration);
        var meanResponse = run.Requests.Average(r => r.EndSeconds!.Value - r.ArrivalSeconds);
        Assert.InRange(rate, users / (meanResponse + think) * 0.99, users / (meanResponse + think) * 1.01);
        Assert.True(rate <= Math.Min(users / (0.16 + think), 1 / 0.16) * 1.001, $"rate {rate}");
        Assert.True(rate >= users / ((users * 0.16) + think) * 0.999, $"rate {rate}");
    }

    [Fact]
    public void The_most_users_is_the_largest_lockstep_batch_whose_decode_step_meets_the_itl_target()
    {
        // Without think time, whole prompts and room in the batch, c users move in lockstep: TTFT = the 100 ms prefill,
        // ITL = the decode step 20 + 10c ms. ITL ≤ 75 ms holds up to c = 5; each request takes 0.1 + 2 × 0.07 = 0.24 s,
        // so in 60 s each user sends at 0, 0.24, …, 59.76: 250 requests, 5 × 250 / 60 = 20.833 requests/s.
        var capacity = CapacitySearch.MaxClients(Query(0, new ServingTargets(150, 75)));

        Assert.Equal(5, capacity.MaxClients);
        Assert.Equal(5 * 250 / 60.0, capacity.MaxRatePerSecond, 9);
        Assert.Equal(100, capacity.AtMax!.Metrics.TimeToFirstTokenMs.P95, 6);
        Assert.Equal(70, capacity.AtMax.Metrics.InterTokenLatencyMs.P95, 6);
        Assert.Equal([1, 2, 4, 8, 6, 5], capacity.Probes.Select(p => p.Clients!.Value));
        Assert.Equal([true, true, true, false, false, true], capacity.Probes.Select(p => p.Meets));
    }

    [Fact]
    public void More_think_time_lets_a_replica_serve_more_users_and_the_search_is_deterministic_for_a_seed()
    {
        var targets = new ServingTargets(1000, 75);
        var busy = CapacitySearch.MaxClients(Query(0.5, targets, maxBatch: 8, duration: 300));
        var idle = CapacitySearch.MaxClients(Query(5, targets, maxBatch: 8, duration: 300));

        Assert.True(idle.MaxClients > busy.MaxClients, $"{idle.MaxClients} users thinking 5 s, {busy.MaxClients} thinking 0.5 s");
        Assert.Equal(idle.Probes, CapacitySearch.MaxClients(Query(5, targets, maxBatch: 8, duration: 300)).Probes);
    }

    [Fact]
    public void Targets_no_user_count_meets_give_zero_users_and_say_why()
    {
        var capacity = CapacitySearch.MaxClients(Query(1, new ServingTargets(50, 75)));

        Assert.Equal(0, capacity.MaxClients);
        Assert.Null(capacity.AtMax);
        Assert.StartsWith("the targets are not met even with one user (p95 TTFT 100 ms against 50", capacity.Reason, StringComparison.Ordinal);
        Assert.Null(capacity.ReplicasForClients(10));
    }

    [Fact]
    public void Replicas_for_peak_users_are_the_users_over_one_replicas_most_rounded_up()
    {
        var capacity = new CapacityAtTarget(12.5, null, null, []) { MaxClients = 40 };

        Assert.Equal((3, 100 / 120.0), capacity.ReplicasForClients(100));
        Assert.Equal((1, 1.0), capacity.ReplicasForClients(40));
        Assert.Equal((2, 41 / 80.0), capacity.ReplicasForClients(41));
    }

    [Fact]
    public void Sweep_users_run_to_one_and_a_half_times_the_most_without_repeats()
    {
        Assert.Equal([3, 6, 9, 12, 15], CapacityPlanner.SweepClients(10, 5));
        Assert.Equal([1, 2], CapacityPlanner.SweepClients(1, 4));
        Assert.Equal([1, 2, 3], CapacityPlanner.SweepClients(0, 3));
        Assert.Empty(CapacityPlanner.SweepClients(10, 0));
    }

    [Fact]
    public void A_closed_loop_plan_sizes_the_fleet_for_the_peak_users_and_sweeps_over_users()
    {
        var plan = CapacityPlanner.Plan(new CapacityPlanRequest
        {
            Measured = new StepTimeFit(Steps, 1, 1, 10, 100),
            Query = Query(0, new ServingTargets(150, 75)),
            PeakClients = 12,
            SweepPoints = 3,
            CurveBatches = [4, 8],
        });

        Assert.Equal(new ClosedLoopCapacity(5, 0, 12), plan.ClosedLoop);
        Assert.Equal(5 * 250 / 60.0, plan.MaxRatePerSecond, 9);
        Assert.Equal(3, plan.Replicas);
        Assert.Equal(12 / 15.0, plan.Utilization!.Value, 12);
        Assert.Equal([3, 5, 8], plan.Sweep.Select(p => p.Clients!.Value));
        Assert.Equal([true, true, false], plan.Sweep.Select(p => p.Meets));
        // Batch 4: four users in lockstep (ITL 60 ms); a fifth waits a whole request for its first token.
        Assert.Equal([4, 5], plan.Curve.Select(p => p.MaxClients!.Value));
        Assert.Null(plan.PeakRatePerSecond);
    }

    [Fact]
    public void An_open_loop_plan_writes_no_closed_loop_fields()
    {
        var plan = CapacityPlanner.Plan(new CapacityPlanRequest
        {
            Measured = new StepTimeFit(Steps, 1, 1, 10, 100),
            Query = Query(0, new ServingTargets(1000, 75)) with { ThinkSeconds = null },
            PeakRatePerSecond = 5,
            SweepPoints = 2,
            CurveBatches = [4],
        });

        var json = PlannerJson.Serialize(plan);
        Assert.Null(plan.ClosedLoop);
        Assert.DoesNotContain("closedLoop", json, StringComparison.Ordinal);
        Assert.DoesNotContain("clients", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Users_out_of_range_or_at_odds_with_the_loop_are_named()
    {
        var closed = Query(0, new ServingTargets(150, 75));
        var fit = new StepTimeFit(Steps, 1, 1, 10, 100);

        var tooMany = Assert.Throws<InputException>(() => CapacityPlanner.Plan(new CapacityPlanRequest { Measured = fit, Query = closed, PeakClients = 0 }));
        var withRate = Assert.Throws<InputException>(() => CapacityPlanner.Plan(new CapacityPlanRequest { Measured = fit, Query = closed, PeakClients = 5, PeakRatePerSecond = 2 }));
        var openLoop = Assert.Throws<InputException>(() => CapacityPlanner.Plan(new CapacityPlanRequest { Measured = fit, Query = closed with { ThinkSeconds = null }, PeakClients = 5 }));
        var think = Assert.Throws<InputException>(() => CapacitySearch.MaxClients(closed with { ThinkSeconds = -1 }));
        var trace = Assert.Throws<InputException>(() => CapacitySearch.MaxClients(closed with { Trace = FleetSimulator.Poisson(1, 10, 4, 3, 1) }));

        Assert.Equal("clients must be >= 1 and <= 1000000 (got 0)", Assert.Single(tooMany.Problems).ToString());
        Assert.Equal("rate is an open-loop demand: with closed-loop users the demand is clients", Assert.Single(withRate.Problems).ToString());
        Assert.Equal("clients are closed-loop users: give thinkTime (0 for none)", Assert.Single(openLoop.Problems).ToString());
        Assert.Equal("thinkTime must be >= 0 and <= 3600 seconds (got -1)", Assert.Single(think.Problems).ToString());
        Assert.Contains(trace.Problems, p => p.ToString() == "trace replays open-loop arrivals: leave out clients and thinkTime");
    }
}
