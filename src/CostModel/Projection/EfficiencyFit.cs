namespace Planner.CostModel.Projection;

/// <summary>
/// Fits a device's η_c, η_m, t_layer and n½ to measured pass times (docs/methodology.md, "Throughput projection",
/// calibration): the projected time of sample i is max(c_i / (η_c × d_i / (d_i + n½)), m_i / η_m) + L_i × t_layer,
/// where c_i and m_i are its roofline terms at η = 1 (<see cref="ThroughputProjector.Time"/>), d_i its hidden size and
/// L_i its layers. The fit minimises Σ ln²(projected_i / measured_i), the squared relative error in log form, so a
/// small and a large model weigh alike: a grid over η_c, η_m ∈ [<see cref="MinEfficiency"/>, 1] (geometric,
/// <see cref="GridSteps"/> values each), t_layer ∈ {0} ∪ [t_max·10⁻⁴, t_max] (geometric, t_max = the largest measured
/// time per layer) and n½ ∈ <see cref="HalfSizeGrid"/>, then a compass search from the best grid point with steps
/// halved until below 10⁻⁶ of the grid step. The max() makes the objective kinked, which a gradient method handles
/// badly; the grid finds the basin and the compass search needs no gradient. Ties keep the highest η, the lowest
/// t_layer and the lowest n½ (grid order and strict improvement); a factor that binds no sample at the end is set to 1
/// (which leaves the error unchanged).
/// </summary>
public static class EfficiencyFit
{
    public const double MinEfficiency = 0.01;

    public const int GridSteps = 24;

    /// <summary>Four parameters need at least four samples.</summary>
    public const int MinSamples = 4;

    /// <summary>The n½ values the grid tries (hidden sizes).</summary>
    public static readonly IReadOnlyList<double> HalfSizeGrid = [0, 8, 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024, 2048, 4096];

    /// <exception cref="InputException">Fewer than <see cref="MinSamples"/> samples, or a sample with a non-positive time, layer count or hidden size.</exception>
    public static FittedFactors Fit(IReadOnlyList<FitSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var problems = new List<string>();
        if (samples.Count < MinSamples)
        {
            problems.Add($"the fit of η_c, η_m, t_layer and n½ needs at least {MinSamples} rows (got {samples.Count})");
        }
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (!(s.MeasuredSeconds > 0 && s.ComputeSeconds >= 0 && s.MemorySeconds >= 0 && s.ComputeSeconds + s.MemorySeconds > 0
                    && s.Layers >= 1 && s.HiddenSize >= 1)
                || !double.IsFinite(s.MeasuredSeconds + s.ComputeSeconds + s.MemorySeconds))
            {
                problems.Add($"rows[{i}]: measured and roofline seconds must be finite and > 0, layers and hidden size >= 1");
            }
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var maxLayerSeconds = samples.Max(s => s.MeasuredSeconds / s.Layers);
        var efficiencies = Geometric(1, MinEfficiency, GridSteps);
        var layerSeconds = new[] { 0.0 }.Concat(Geometric(maxLayerSeconds * 1e-4, maxLayerSeconds, GridSteps)).ToArray();
        var best = new Candidate(double.PositiveInfinity, 1, 1, 0, 0);
        foreach (var half in HalfSizeGrid)
        {
            foreach (var compute in efficiencies)
            {
                foreach (var bandwidth in efficiencies)
                {
                    foreach (var layer in layerSeconds)
                    {
                        var error = Error(samples, compute, bandwidth, layer, half);
                        if (error < best.Error)
                        {
                            best = new Candidate(error, compute, bandwidth, layer, half);
                        }
                    }
                }
            }
        }

        // Compass search: η in log space, t_layer and n½ in additive steps.
        var logStep = Math.Log(efficiencies[0] / efficiencies[1]);
        var layerStep = layerSeconds[^1] - layerSeconds[^2];
        const double halfStep = 64;
        var scale = 1.0;
        while (scale > 1e-6)
        {
            var improved = false;
            foreach (var (dc, dm, dl, dh) in Directions)
            {
                var compute = Math.Clamp(best.Compute * Math.Exp(dc * logStep * scale), MinEfficiency, 1);
                var bandwidth = Math.Clamp(best.Bandwidth * Math.Exp(dm * logStep * scale), MinEfficiency, 1);
                var layer = Math.Clamp(best.LayerSeconds + dl * layerStep * scale, 0, maxLayerSeconds);
                var half = Math.Clamp(best.HalfSize + dh * halfStep * scale, 0, HalfSizeGrid[^1]);
                var error = Error(samples, compute, bandwidth, layer, half);
                if (error < best.Error)
                {
                    best = new Candidate(error, compute, bandwidth, layer, half);
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
            computeDetermined, bandwidthDetermined, Math.Sqrt(best.Error / samples.Count));
    }

    /// <summary>The projected time of <paramref name="sample"/> with the factors: max(c / η_c(d), m / η_m) + L × t_layer.</summary>
    public static double ProjectedSeconds(FitSample sample, FittedFactors factors)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(factors);
        return Projected(sample, factors.Compute, factors.Bandwidth, factors.LayerOverheadMicroseconds * 1e-6, factors.HalfEfficiencyHiddenSize);
    }

    /// <summary>c / η_c(d) with η_c(d) = η_c × d / (d + n½), as <see cref="Efficiency.ComputeAt"/>.</summary>
    private static double ComputeTerm(FitSample s, double compute, double halfSize) =>
        s.ComputeSeconds * (s.HiddenSize + halfSize) / (compute * s.HiddenSize);

    private static double Projected(FitSample s, double compute, double bandwidth, double layerSeconds, double halfSize) =>
        Math.Max(ComputeTerm(s, compute, halfSize), s.MemorySeconds / bandwidth) + s.Layers * layerSeconds;

    private static double Error(IReadOnlyList<FitSample> samples, double compute, double bandwidth, double layerSeconds, double halfSize)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            var log = Math.Log(Projected(s, compute, bandwidth, layerSeconds, halfSize) / s.MeasuredSeconds);
            sum += log * log;
        }
        return sum;
    }

    private static double[] Geometric(double from, double to, int count) =>
        [.. Enumerable.Range(0, count).Select(i => from * Math.Pow(to / from, i / (double)(count - 1)))];

    private sealed record Candidate(double Error, double Compute, double Bandwidth, double LayerSeconds, double HalfSize);

    private static readonly (int, int, int, int)[] Directions =
        [(1, 0, 0, 0), (-1, 0, 0, 0), (0, 1, 0, 0), (0, -1, 0, 0), (0, 0, 1, 0), (0, 0, -1, 0), (0, 0, 0, 1), (0, 0, 0, -1)];
}

/// <summary>One measured pass for <see cref="EfficiencyFit"/>: its roofline terms at η = 1, its layers, hidden size and measured time (seconds).</summary>
public sealed record FitSample(double ComputeSeconds, double MemorySeconds, int Layers, int HiddenSize, double MeasuredSeconds);

/// <summary>
/// The fitted factors. <see cref="ComputeDetermined"/> (<see cref="BandwidthDetermined"/>) is false when no sample is
/// compute- (memory-) bound at the fit: the data then say only that the factor is at least what keeps every sample on
/// the other side, and it stays at 1. <see cref="RmsLogError"/> = √(mean ln²(projected / measured)).
/// </summary>
public sealed record FittedFactors(double Compute, double Bandwidth, double LayerOverheadMicroseconds, double HalfEfficiencyHiddenSize,
    bool ComputeDetermined, bool BandwidthDetermined, double RmsLogError);
