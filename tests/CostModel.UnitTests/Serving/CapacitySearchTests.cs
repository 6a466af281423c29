using Planner.CostModel.Projection;
using Planner.CostModel.Serving;
using Planner.CostModel.UnitTests.Projection;

namespace Planner.CostModel.UnitTests.Serving;

public class CapacitySearchTests
{
    private static readonly ServingTargets Loose = new(1_000_000, 1_000_000);

    private static ProjectionRequest Llama70BOn(int gpus, int input = 1024, int output = 256) => new()
    {
        Model = ProjectionTests.Llama70B,
        Gpu = ProjectionTests.H100,
        Gpus = gpus,
        InputTokens = input,
        OutputTokens = output,
        Precisions = TensorPrecisions.For(Precision.Fp8),
        Efficiency = EnginePresets.Default,
    };

    [Fact]
    public void Projected_step_times_reproduce_the_projections_steps_they_were_fitted_to()
    {
        var request = Llama70BOn(4);
        var projected = ProjectedStepTimes.From(request, 64);
        var model = projected.Fit.Model;

        foreach (var batch in new[] { 1, 16, 64 })
        {
            var p = ThroughputProjector.Project(request with { Batch = batch, InputTokens = 1152, OutputTokens = 1 });
            Assert.InRange(model.DecodeStepSeconds(batch, batch * 1152L) * 1000, p.MsPerOutputToken * 0.85, p.MsPerOutputToken * 1.15);
        }
        var prefill = ThroughputProjector.Project(request with { Batch = 1, OutputTokens = 1 });
        Assert.InRange(model.PrefillSeconds(1024) * 1000, prefill.TimeToFirstTokenMs * 0.85, prefill.TimeToFirstTokenMs * 1.15);
        Assert.True(projected.Fit.DecodeRSquared > 0.95, $"decode R² {projected.Fit.DecodeRSquared}");
        Assert.Equal((long)projected.MaxBatchThatFits * (1024 + 256), projected.KvCapacityTokens);
        Assert.Equal(projected.AtWorkload.MaxBatchThatFits, projected.MaxBatchThatFits);
    }

    [Fact]
    public void A_model_that_does_not_fit_has_no_step_times()
    {
        var ex = Assert.Throws<InputException>(() => ProjectedStepTimes.From(Llama70BOn(1) with { Precisions = TensorPrecisions.For(Precision.Bf16) }, 8));

        Assert.StartsWith("does not fit: llama-3-70b bf16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_batch_one_and_exponential_service_the_capacity_at_a_p95_ttft_target_is_the_mm1_rate()
    {
        // M/M/1: the time in system is exponential with rate μ − λ, so its p95 is ln 20 / (μ − λ); p95 ≤ T gives λ* = μ − ln 20 / T.
        const double meanTokens = 10_000;
        var random = new Random(5);
        var trace = FleetSimulator.Poisson(1, 200_000, 1, 1, 4)
            .Select(r => r with { InputTokens = Math.Max(1, (int)Math.Round(-Math.Log(1 - random.NextDouble()) * meanTokens)) }).ToList();
        var query = new CapacityQuery
        {
            Model = new StepTimeModel(0, 1 / meanTokens, 0, 0, 0),
            Settings = new FleetSettings { MaxBatch = 1 },
            Targets = new ServingTargets(10_000, 1),
            Trace = trace,
        };

        var capacity = CapacitySearch.MaxRate(query);

        var expected = 1 - (Math.Log(20) / 10);
        Assert.InRange(capacity.MaxRatePerSecond, expected * 0.95, expected * 1.05);
        Assert.True(capacity.AtMax!.Metrics.MeetsTargets);
        Assert.Contains(capacity.Probes, p => !p.Meets && p.RatePerSecond < capacity.MaxRatePerSecond * 1.02);
    }

    [Fact]
    public void The_search_is_deterministic_for_a_seed()
    {
        var query = new CapacityQuery
        {
            Model = new StepTimeModel(0.02, 0.0001, 0.015, 0.0004, 0.000001),
            Settings = new FleetSettings { MaxBatch = 32 },
            Targets = new ServingTargets(500, 40),
            DurationSeconds = 120,
        };

        Assert.Equal(CapacitySearch.MaxRate(query).Probes, CapacitySearch.MaxRate(query).Probes);
    }

    [Fact]
    public void Targets_no_rate_can_meet_give_zero_and_say_why()
    {
        // One decode step alone takes 20 ms: an inter-token target of 10 ms is out of reach.
        var capacity = CapacitySearch.MaxRate(new CapacityQuery
        {
            Model = new StepTimeModel(0.1, 0, 0.02, 0.01, 0),
            Settings = new FleetSettings { MaxBatch = 8 },
            Targets = new ServingTargets(10_000, 10),
            DurationSeconds = 60,
        });

        Assert.Equal(0, capacity.MaxRatePerSecond);
        Assert.Null(capacity.AtMax);
        Assert.StartsWith("the targets are not met even at 0.0625 requests/s (p95 TTFT ", capacity.Reason, StringComparison.Ordinal);
        Assert.EndsWith(" ms against 10)", capacity.Reason, StringComparison.Ordinal);
        Assert.Null(capacity.ReplicasFor(5));
    }

    [Fact]
    public void Replicas_for_a_peak_are_the_peak_over_one_replicas_capacity_rounded_up()
    {
        var capacity = new CapacityAtTarget(3.2, null, null, []);

        Assert.Equal((4, 10 / 12.8), capacity.ReplicasFor(10));
        Assert.Equal((1, 0.5), capacity.ReplicasFor(1.6));
    }

    [Fact]
    public void The_pareto_front_keeps_the_points_no_other_beats_on_both_axes()
    {
        CurvePoint Point(double perGpu, double perUser) => new(1, 1, 1, perGpu, perUser, 0, 0, false);

        var marked = CapacitySearch.MarkPareto([Point(100, 50), Point(80, 60), Point(70, 40), Point(100, 50), Point(120, 10)]);

        Assert.Equal([true, true, false, true, true], marked.Select(p => p.Pareto));
    }

    [Fact]
    public void The_curve_covers_gpus_per_replica_and_batch_limits_and_bigger_batches_raise_tokens_per_gpu_at_loose_targets()
    {
        var query = new CapacityQuery
        {
            Model = new StepTimeModel(0, 0, 0, 0, 0),
            Settings = new FleetSettings(),
            Targets = new ServingTargets(2000, 100),
            InputTokens = 1024,
            OutputTokens = 256,
            DurationSeconds = 120,
        };
        (StepTimeModel, long?) ReplicaFor(int gpus)
        {
            var projected = ProjectedStepTimes.From(Llama70BOn(gpus), 64);
            return (projected.Fit.Model, projected.KvCapacityTokens);
        }

        var curve = CapacitySearch.Curve(query, [2, 4], [1, 8, 64], ReplicaFor);

        Assert.Equal(6, curve.Count);
        Assert.Contains(curve, p => p.Pareto);
        foreach (var gpus in new[] { 2, 4 })
        {
            var byBatch = curve.Where(p => p.GpusPerReplica == gpus).OrderBy(p => p.MaxBatch).ToList();
            Assert.True(byBatch[0].OutputTokensPerSecondPerGpu < byBatch[^1].OutputTokensPerSecondPerGpu);
            Assert.True(byBatch[0].OutputTokensPerSecondPerUser > byBatch[^1].OutputTokensPerSecondPerUser);
            Assert.All(byBatch, p => Assert.True(p.TtftP95Ms <= 2000 && p.ItlP95Ms <= 100));
        }
    }

    [Fact]
    public void A_plan_from_a_measured_fit_searches_that_replica_and_sizes_the_fleet()
    {
        var fit = new StepTimeFit(new StepTimeModel(0.02, 0.0001, 0.015, 0.0004, 0.000001), 0.99, 0.98, 40, 400);
        var query = new CapacityQuery
        {
            Model = new StepTimeModel(0, 0, 0, 0, 0),
            Settings = new FleetSettings { MaxBatch = 32 },
            Targets = new ServingTargets(500, 40),
            DurationSeconds = 120,
        };

        var plan = CapacityPlanner.Plan(new CapacityPlanRequest { Measured = fit, MeasuredSource = "bench serve", Query = query, PeakRatePerSecond = 50, CurveBatches = [4, 32] });

        var direct = CapacitySearch.MaxRate(query with { Model = fit.Model });
        Assert.Equal(direct.MaxRatePerSecond, plan.MaxRatePerSecond);
        Assert.Equal("bench serve", plan.StepTimesSource);
        Assert.Null(plan.KvCapacityTokens);
        Assert.Equal((int)Math.Ceiling(50 / plan.MaxRatePerSecond), plan.Replicas);
        Assert.Equal(plan.Replicas, plan.Gpus);
        Assert.Equal([4, 32], plan.Curve.Select(p => p.MaxBatch));
    }

    [Fact]
    public void A_plan_needs_exactly_one_source_of_step_times()
    {
        var query = new CapacityQuery { Model = new StepTimeModel(0, 0, 0, 0, 0), Settings = new FleetSettings(), Targets = Loose };

        var ex = Assert.Throws<InputException>(() => CapacityPlanner.Plan(new CapacityPlanRequest { Query = query, PeakRatePerSecond = -1 }));

        Assert.Equal(["", "rate"], ex.Problems.Select(p => p.Path));
    }

    [Fact]
    public void A_plan_from_the_projection_uses_its_kv_room_and_gpus()
    {
        var query = new CapacityQuery
        {
            Model = new StepTimeModel(0, 0, 0, 0, 0),
            Settings = new FleetSettings { MaxBatch = 64 },
            Targets = new ServingTargets(2000, 60),
            InputTokens = 1024,
            OutputTokens = 256,
            DurationSeconds = 120,
        };

        var plan = CapacityPlanner.Plan(new CapacityPlanRequest { Projection = Llama70BOn(4), Query = query, PeakRatePerSecond = 10 });

        var projected = ProjectedStepTimes.From(Llama70BOn(4), 64);
        Assert.Equal(projected.KvCapacityTokens, plan.KvCapacityTokens);
        Assert.Equal(4, plan.GpusPerReplica);
        Assert.Equal(plan.Replicas * 4, plan.Gpus);
        Assert.True(plan.MaxRatePerSecond > 0);
        Assert.Equal(projected.Fit, plan.StepTimes);
    }

    [Fact]
    public void A_query_out_of_range_names_each_field()
    {
        var ex = Assert.Throws<InputException>(() => CapacitySearch.MaxRate(new CapacityQuery
        {
            Model = new StepTimeModel(0.1, 0, 0.02, 0.01, 0),
            Settings = new FleetSettings { MaxBatch = 0 },
            Targets = new ServingTargets(0, 10),
            InputTokens = 0,
            DurationSeconds = 0.5,
        }));

        Assert.Equal(["maxBatch", "ttftMs", "inputTokens", "duration"], ex.Problems.Select(p => p.Path));
    }

    private static CapacityQuery MeasuredQuery() => new()
    {
        Model = new StepTimeModel(0, 0, 0, 0, 0),
        Settings = new FleetSettings { MaxBatch = 32 },
        Targets = new ServingTargets(500, 40),
        DurationSeconds = 120,
    };

    private static readonly StepTimeFit MeasuredFit = new(new StepTimeModel(0.02, 0.0001, 0.015, 0.0004, 0.000001), 0.99, 0.98, 40, 400);

    [Fact]
    public void Sweep_rates_run_evenly_to_one_and_a_half_times_the_capacity_or_to_the_bound_when_nothing_meets()
    {
        Assert.Equal([3.0, 6.0, 9.0, 12.0, 15.0], CapacityPlanner.SweepRates(10, 99, 5));
        Assert.Equal([25.0, 50.0, 75.0, 100.0], CapacityPlanner.SweepRates(0, 100, 4));
        Assert.Empty(CapacityPlanner.SweepRates(10, 99, 0));
    }

    [Fact]
    public void The_sweep_runs_the_replica_at_each_rate_and_crosses_the_targets_after_the_capacity()
    {
        var plan = CapacityPlanner.Plan(new CapacityPlanRequest { Measured = MeasuredFit, Query = MeasuredQuery(), SweepPoints = 6 });

        Assert.Equal(CapacityPlanner.SweepRates(plan.MaxRatePerSecond, 0, 6), plan.Sweep.Select(p => p.RatePerSecond));
        var atCapacity = FleetSimulator.Run(MeasuredQuery().RequestsAt(plan.Sweep[3].RatePerSecond), MeasuredFit.Model,
            new FleetSettings { MaxBatch = 32, Targets = new ServingTargets(500, 40) });
        Assert.Equal(atCapacity.Metrics.TimeToFirstTokenMs, plan.Sweep[3].TimeToFirstTokenMs);
        Assert.Equal(atCapacity.Metrics.InterTokenLatencyMs, plan.Sweep[3].InterTokenLatencyMs);
        Assert.True(plan.Sweep[0].Meets);
        Assert.False(plan.Sweep[^1].Meets, "1.5 x the capacity meets the targets");
        Assert.True(plan.Sweep[0].TimeToFirstTokenMs.P95 <= plan.Sweep[^1].TimeToFirstTokenMs.P95);
    }

    [Fact]
    public void A_plan_reports_progress_up_to_one_and_stops_when_cancelled()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);
        CapacityPlanner.Plan(new CapacityPlanRequest { Measured = MeasuredFit, Query = MeasuredQuery(), CurveBatches = [4, 32], SweepPoints = 4 }, null, progress);

        Assert.Equal(1, reports[^1]);
        Assert.Equal(reports.OrderBy(r => r), reports);
        Assert.All(reports.SkipLast(1), r => Assert.InRange(r, 0, 0.99));

        using var cancel = new CancellationTokenSource();
        var seen = 0;
        var cancelling = new SynchronousProgress(_ =>
        {
            if (++seen == 3)
            {
                cancel.Cancel();
            }
        });
        Assert.Throws<OperationCanceledException>(() =>
            CapacityPlanner.Plan(new CapacityPlanRequest { Measured = MeasuredFit, Query = MeasuredQuery(), CurveBatches = [4, 32] }, null, cancelling, cancel.Token));
        Assert.Equal(3, seen);
    }

    [Fact]
    public void A_sweep_out_of_range_is_named()
    {
        var ex = Assert.Throws<InputException>(() => CapacityPlanner.Plan(new CapacityPlanRequest { Measured = MeasuredFit, Query = MeasuredQuery(), SweepPoints = 41 }));

        Assert.Equal(["sweepPoints"], ex.Problems.Select(p => p.Path));
        Assert.Contains("<= 40", ex.Problems[0].Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
