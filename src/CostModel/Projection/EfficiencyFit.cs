using Planner.CostModel.Text;
namespace Planner.CostModel.Projection;

/// <summary>
/// Fits a device's η_c, η_m, t_layer, n½ and overlap o to measured pass times (docs/methodology.md, "Throughput
/// projection", calibration): the projected time of sample i is max(C_i, M_i) + (1 − o) × min(C_i, M_i) + L_i × t_layer
/// with C_i = c_i / (η_c × d_i / (d_i + n½)) and M_i = m_i / η_m, where c_i and m_i are its roofline terms at η = 1
/// (<see cref="ThroughputProjector.Time"/>), d_i its hidden size and L_i its layers. The fit minimises Σ ln²(projected_i / measured_i), the squared relative error in log form, so a
/// small and a large model weigh alike: a grid over η_c, η_m ∈ [<see cref="MinEfficiency"/>, 1] (geometric,
/// <see cref="GridSteps"/> values each), t_layer ∈ {0} ∪ [t_max·10⁻⁴, t_max] (geometric, t_max = the largest measured
/// time per layer), n½ ∈ <see cref="HalfSizeGrid"/> and o ∈ <see cref="OverlapGrid"/>, then a compass search from the best grid point with steps
/// halved until below 10⁻⁶ of the grid step. The max() makes the objective kinked, which a gradient method handles
/// badly; the grid finds the basin and the compass search needs no gradient. Ties keep the highest η, the lowest
/// t_layer, the lowest n½ and the highest overlap (grid order and strict improvement); a factor that binds no sample at the end is set to 1
/// (which leaves the error unchanged).
/// </summary>
public static class EfficiencyFit
{
    public const double MinEfficiency = 0.01;

    public const int GridSteps = 12;

    /// <summary>Five parameters need at least five samples.</summary>
    public const int MinSamples = 5;

    /// <summary>The n½ values the grid tries (hidden sizes).</summary>
    public static readonly IReadOnlyList<double> HalfSizeGrid = [0, 8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024, 2048, 4096];

    /// <summary>The overlaps the grid tries, full overlap (the roofline) first.</summary>
    public static readonly IReadOnlyList<double> OverlapGrid = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0];

    private static readonly PhraseTemplate TooFewRowsTemplate = new("efficiencyFit.tooFewRows", "the fit of η_c, η_m, t_layer, n½ and the overlap needs at least {0} rows (got {1})");
    private static readonly PhraseTemplate BadRowTemplate = new("efficiencyFit.badRow", "measured and roofline seconds must be finite and > 0, layers and hidden size >= 1");

    /// <exception cref="InputException">Fewer than <see cref="MinSamples"/> samples, or a sample with a non-positive time, layer count or hidden size.</exception>
    public static FittedFactors Fit(IReadOnlyList<FitSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var problems = new List<InputProblem>();
        if (samples.Count < MinSamples)
        {
            problems.Add(InputProblem.General(TooFewRowsTemplate.With(ProblemPhrases.Invariant(MinSamples), ProblemPhrases.Invariant(samples.Count))));
        }
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (!(s.MeasuredSeconds > 0 && s.ComputeSeconds >= 0 && s.MemorySeconds >= 0 && s.ComputeSeconds + s.MemorySeconds > 0
                    && s.Layers >= 1 && s.HiddenSize >= 1)
                || !double.IsFinite(s.MeasuredSeconds + s.ComputeSeconds + s.MemorySeconds))
            {
                problems.Add(InputProblem.Labelled($"rows[{i}]", BadRowTemplate.With()));
            }
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var maxLayerSeconds = samples.Max(s => s.MeasuredSeconds / s.Layers);
        var efficiencies = Geometric(1, MinEfficiency, GridSteps);
        var layerSeconds = new[] { 0.0 }.Concat(Geometric(maxLayerSeconds * 1e-4, maxLayerSeconds, GridSteps)).ToArray();
        var best = new Candidate(double.PositiveInfinity, 1, 1, 0, 0, 1);
        foreach (var overlap in OverlapGrid)
        {
            foreach (var half in HalfSizeGrid)
            {
                foreach (var compute in efficiencies)
                {
                    foreach (var bandwidth in efficiencies)
                    {
                        foreach (var layer in layerSeconds)
                        {
                            var candidate = new Candidate(0, compute, bandwidth, layer, half, overlap);
                            var error = Error(samples, candidate);
                            if (error < best.Error)
                            {
                                best = candidate with { Error = error };
                            }
                        }
                    }
                }
            }
        }

        // Compass search: η in log space, t_layer, n½ and the overlap in additive steps.
        var logStep = Math.Log(efficiencies[0] / efficiencies[1]);
        var layerStep = layerSeconds[^1] - layerSeconds[^2];
        const double halfStep = 64;
        const double overlapStep = 0.1;
        var scale = 1.0;
        while (scale > 1e-6)
        {
            var improved = false;
            foreach (var d in Directions)
            {
                var candidate = new Candidate(0,
                    Math.Clamp(best.Compute * Math.Exp(d[0] * logStep * scale), MinEfficiency, 1),
                    Math.Clamp(best.Bandwidth * Math.Exp(d[1] * logStep * scale), MinEfficiency, 1),
                    Math.Clamp(best.LayerSeconds + d[2] * layerStep * scale, 0, maxLayerSeconds),
                    Math.Clamp(best.HalfSize + d[3] * halfStep * scale, 0, HalfSizeGrid[^1]),
                    Math.Clamp(best.Overlap + d[4] * overlapStep * scale, 0, 1));
                var error = Error(samples, candidate);
                if (error < best.Error)
                {
                    best = candidate with { Error = error };
                    improved = true;
                }
            }
            if (!improved)
            {
                scale /= 2;
            }
        }

        var computeBound = samples.Select(s => ComputeTerm(s, best.Compute, best.HalfSize) >= s.MemorySeconds / best.Bandwidth).ToArray();
        // A factor that binds no sample does not change the error; raising it to 1 keeps it non-binding.
        var computeDetermined = computeBound.Any(b => b);
        var bandwidthDetermined = computeBound.Any(b => !b);
        return new FittedFactors(computeDetermined ? best.Compute : 1, bandwidthDetermined ? best.Bandwidth : 1, best.LayerSeconds * 1e6, best.HalfSize,
            computeDetermined, bandwidthDetermined, Math.Sqrt(best.Error / samples.Count))
        {
            Overlap = best.Overlap,
        };
    }

    /// <summary>The projected time of <paramref name="sample"/> with the factors: max(C, M) + (1 − o) × min(C, M) + L × t_layer.</summary>
    public static double ProjectedSeconds(FitSample sample, FittedFactors factors)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(factors);
        return Projected(sample, new Candidate(0, factors.Compute, factors.Bandwidth, factors.LayerOverheadMicroseconds * 1e-6, factors.HalfEfficiencyHiddenSize, factors.Overlap));
    }

    /// <summary>c / η_c(d) with η_c(d) = η_c × d / (d + n½), as <see cref="Efficiency.ComputeAt"/>.</summary>
    private static double ComputeTerm(FitSample s, double compute, double halfSize) =>
        s.ComputeSeconds * (s.HiddenSize + halfSize) / (compute * s.HiddenSize);

    private static double Projected(FitSample s, Candidate c)
    {
        var compute = ComputeTerm(s, c.Compute, c.HalfSize);
        var memory = s.MemorySeconds / c.Bandwidth;
        return Math.Max(compute, memory) + (1 - c.Overlap) * Math.Min(compute, memory) + s.Layers * c.LayerSeconds;
    }

    private static double Error(IReadOnlyList<FitSample> samples, Candidate candidate)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            var log = Math.Log(Projected(s, candidate) / s.MeasuredSeconds);
            sum += log * log;
        }
        return sum;
    }

    private static double[] Geometric(double from, double to, int count) =>
        [.. Enumerable.Range(0, count).Select(i => from * Math.Pow(to / from, i / (double)(count - 1)))];

    private sealed record Candidate(double Error, double Compute, double Bandwidth, double LayerSeconds, double HalfSize, double Overlap);

    /// <summary>One step up and one down along each of the five parameters.</summary>
    private static readonly int[][] Directions =
        [.. Enumerable.Range(0, 10).Select(i => Enumerable.Range(0, 5).Select(p => p == i / 2 ? (i % 2 == 0 ? 1 : -1) : 0).ToArray())];
}

/// <summary>One measured pass for <see cref="EfficiencyFit"/>: its roofline terms at η = 1, its layers, hidden size and measured time (seconds).</summary>
public sealed record FitSample(double ComputeSeconds, double MemorySeconds, int Layers, int HiddenSize, double MeasuredSeconds);

/// <summary>
/// The fitted factors. <see cref="ComputeDetermined"/> (<see cref="BandwidthDetermined"/>) is false when no sample is
/// compute- (memory-) bound at the fit: the data then say only that the factor is at least what keeps every sample on
/// the other side, and it stays at 1. <see cref="RmsLogError"/> = √(mean ln²(projected / measured)).
/// </summary>
public sealed record FittedFactors(double Compute, double Bandwidth, double LayerOverheadMicroseconds, double HalfEfficiencyHiddenSize,
    bool ComputeDetermined, bool BandwidthDetermined, double RmsLogError)
{
    /// <summary>o, the overlap of compute and memory time (<see cref="Efficiency.Overlap"/>); 1 = the pure roofline.</summary>
    public double Overlap { get; init; } = 1;
}
