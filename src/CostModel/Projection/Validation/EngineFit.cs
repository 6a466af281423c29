using Planner.CostModel.Text;
namespace Planner.CostModel.Projection.Validation;

/// <summary>
/// Fits an engine preset's factors to published measurements (docs/methodology.md, "Validation"): η_c (matrix
/// products), η_m (memory), η_attn and η_kv (attention's compute and KV-cache reads), η_e (a mixture's experts; fitted
/// only where the cases hold a mixture), η_c8 and η_e8 (the same for 8- and 4-bit products, where the cases hold both
/// kinds of format), t_step (fixed µs per pass), ρ (KV reads shared in a query group, where the cases hold grouped-query attention), t_layer (fixed µs per layer and pass), η_link and α (the ring
/// all-reduce's share of link bandwidth and its latency per step) minimise Σ ln²(projected / measured) over the cases,
/// so a throughput and a latency, a small and a large figure weigh alike. A compass search from
/// <see cref="Start"/>: each factor in turn is moved up and down by its step (η in log space, the times additively)
/// and kept where the error falls; when no move helps, the steps halve, until they are below 10⁻⁴ of the first.
/// A weak prior (<see cref="PriorWeight"/>) keeps a factor the cases barely determine near its start instead of at a bound.
/// Deterministic: the same cases give the same factors.
/// </summary>
public static class EngineFit
{
    /// <summary>The starting point: the roofline's usual serving ceilings.</summary>
    public static readonly Efficiency Start = new()
    {
        Compute = 0.6,
        Bandwidth = 0.7,
        Attention = 0.4,
        AttentionBandwidth = 0.7,
        Experts = 0.6,
        TensorParallel = 0.7,
        AllReduceLatencyMicroseconds = 5,
        LayerOverheadMicroseconds = 10,
        StepOverheadMicroseconds = 100,
        KvHeadSharing = 1,
        Source = "fit start",
    };

    /// <summary>Fewer cases than factors cannot determine them.</summary>
    public const int MinCases = 6;

    private static readonly PhraseTemplate TooFewCasesTemplate = new("engineFit.tooFewCases", "the fit of an engine's factors needs at least {0} measurements (got {1} for {2})");

    /// <param name="cases">The train cases of one engine.</param>
    /// <param name="engine">The engine they ran on.</param>
    /// <param name="source">Where the fitted factors come from, for <see cref="Planner.CostModel.Projection.Efficiency.Source"/>.</param>
    /// <param name="carried">
    /// The factors the fit does not determine and keeps as given, in force while fitting and in the result: η_em
    /// (<see cref="Planner.CostModel.Projection.Efficiency.ExpertBandwidth"/>), t_blk (<see cref="Planner.CostModel.Projection.Efficiency.BlockScaledProductMicroseconds"/>),
    /// n½ and the overlap; the engine's shipped preset, so a re-fit keeps what was set from outside the validation set
    /// (ADR 049, ADR 053). Null = <see cref="Start"/>'s (none of them).
    /// </param>
    /// <exception cref="InputException">Fewer than <see cref="MinCases"/> cases.</exception>
    public static Efficiency Fit(IReadOnlyList<ResolvedCase> cases, string engine, string source, Efficiency? carried = null)
    {
        carried ??= Start;
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Count < MinCases)
        {
            throw new InputException(InputProblem.General(TooFewCasesTemplate.With(ProblemPhrases.Invariant(MinCases), ProblemPhrases.Invariant(cases.Count), engine)));
        }
        var multiGpu = cases.Any(c => c.Case.Gpus > 1);
        var mixture = cases.Any(c => c.Model.IsMixtureOfExperts);
        var grouped = cases.Any(c => !c.Model.HasLatentAttention && c.Model.KvHeads < c.Model.Heads);
        var lowPrecision = cases.Any(c => c.Case.Precisions.Activations is Precision.Fp8 or Precision.Int8 or Precision.Fp4);
        var highPrecision = cases.Any(c => c.Case.Precisions.Activations is Precision.Bf16 or Precision.Fp16 or Precision.Fp32);
        var point = (double[])StartPoint.Clone();
        // Log steps for the shares (×/÷ e^0.2), µs steps for the times.
        double[] steps = [0.2, 0.2, 0.2, 5, 0.2, 2, 0.2, 0.2, 0.2, 0.2, 100, 0.1];
        bool[] logScale = [true, true, true, false, true, false, true, true, true, true, false, false];
        double[] lower = [0.05, 0.05, 0.02, 0, 0.05, 0, 0.05, 0.02, 0.05, 0.02, 0, 0];
        double[] upper = [1, 1, 1, 500, 1, 200, 1, 1, 1, 1, 20000, 1];
        // A factor no case depends on stays at the start (the 16-bit ones stand in for 8-bit ones where only 8-bit cases exist).
        var active = new[] { highPrecision || !lowPrecision, true, true, true, multiGpu, multiGpu, true, mixture && (highPrecision || !lowPrecision),
            lowPrecision && highPrecision, mixture && lowPrecision && highPrecision, true, grouped };
        var best = Error(cases, point, carried);
        var scale = 1.0;
        while (scale > 1e-4)
        {
            var improved = false;
            for (var p = 0; p < point.Length; p++)
            {
                if (!active[p])
                {
                    continue;
                }
                foreach (var direction in new[] { 1, -1 })
                {
                    var candidate = (double[])point.Clone();
                    candidate[p] = Math.Clamp(logScale[p] ? point[p] * Math.Exp(direction * steps[p] * scale) : point[p] + direction * steps[p] * scale,
                        lower[p], upper[p]);
                    var error = Error(cases, candidate, carried);
                    if (error < best)
                    {
                        (best, point, improved) = (error, candidate, true);
                    }
                }
            }
            if (!improved)
            {
                scale /= 2;
            }
        }
        return Efficiency(point, carried, engine, source);
    }

    private static readonly double[] StartPoint = [Start.Compute, Start.Bandwidth, Start.AttentionCompute, Start.LayerOverheadMicroseconds, Start.TensorParallel,
        Start.AllReduceLatencyMicroseconds, Start.AttentionMemory, Start.ExpertCompute, Start.Compute, Start.ExpertCompute, Start.StepOverheadMicroseconds, Start.KvHeadSharing];

    /// <summary>Shares compare in log space; times (µs) and ρ in units of 100 µs, 10 µs, 1000 µs and 1.</summary>
    private static readonly double?[] TimeScale = [null, null, null, 100, null, 10, null, null, null, null, 1000, 1];

    private static double Prior(double[] point)
    {
        var sum = 0.0;
        for (var p = 0; p < point.Length; p++)
        {
            var distance = TimeScale[p] is { } scale ? (point[p] - StartPoint[p]) / scale : Math.Log(point[p] / StartPoint[p]);
            sum += distance * distance;
        }
        return PriorWeight * sum;
    }

    /// <summary>The fitted factors over <paramref name="carried"/>: every factor the fit does not determine is carried's.</summary>
    private static Efficiency Efficiency(double[] p, Efficiency carried, string engine, string source) => carried with
    {
        Compute = p[0],
        Bandwidth = p[1],
        Attention = p[2],
        LayerOverheadMicroseconds = p[3],
        TensorParallel = p[4],
        AllReduceLatencyMicroseconds = p[5],
        AttentionBandwidth = p[6],
        Experts = p[7],
        LowPrecisionCompute = p[8],
        LowPrecisionExperts = p[9],
        StepOverheadMicroseconds = p[10],
        KvHeadSharing = p[11],
        Engine = engine,
        Source = source,
    };

    /// <summary>
    /// The weight of the prior that holds a factor the cases barely determine near its start: λ × ln²(η / η_start) per
    /// share and λ × ((t − t_start) / scale)² per time, small beside one case's ln² error.
    /// </summary>
    public const double PriorWeight = 0.01;

    private static double Error(IReadOnlyList<ResolvedCase> cases, double[] point, Efficiency carried)
    {
        var efficiency = Efficiency(point, carried, "", "");
        var sum = Prior(point);
        foreach (var c in cases)
        {
            var log = Math.Log(ResolvedCase.Figure(c.Project(efficiency), c.Case.Metric) / c.Case.Value);
            sum += log * log;
        }
        return sum;
    }
}
