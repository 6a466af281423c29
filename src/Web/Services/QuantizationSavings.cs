using Planner.Benchmarks.Results;

namespace Planner.Web.Services;

/// <summary>
/// One model, preset and batch a run measured at both fp32 and int8 (docs/methodology.md, "Quantization savings"): the
/// two throughputs, int8's speed-up and the share of GPU time int8 saves for the same work, with the keys of both
/// results as throughput choices for the hand-off to a scenario; for a model the run trained, the held-out AUC of each
/// precision (docs/methodology.md, "int8 inference"), else null.
/// </summary>
public sealed record QuantizationSaving(string Model, string Preset, int BatchSize, string Unit, double Fp32Throughput, double Int8Throughput,
    string Fp32Choice, string Int8Choice, double? Fp32Auc = null, double? Int8Auc = null)
{
    /// <summary>int8 throughput / fp32 throughput.</summary>
    public double Speedup => Int8Throughput / Fp32Throughput;

    /// <summary>1 - fp32 / int8: the share of GPU-hours (and so of a GPU option's compute) int8 saves at the same demand.</summary>
    public double GpuTimeSaved => 1 - (Fp32Throughput / Int8Throughput);

    /// <summary>
    /// The run's valid inference results measured at both fp32 and int8 for the same model, preset and batch, in the
    /// run's order. A phased result (a decoder's prefill and decode) is left out: its throughput is two figures.
    /// </summary>
    public static IReadOnlyList<QuantizationSaving> From(BenchmarkRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var measured = run.Results.Where(r => r.Task == BenchmarkResult.Inference && r.Valid && r.Phase is null && r.Throughput.Value > 0).ToList();
        var savings = new List<QuantizationSaving>();
        foreach (var fp32 in measured.Where(r => r.Precision == "fp32"))
        {
            if (measured.FirstOrDefault(r => r.Precision == "int8" && r.Model == fp32.Model && r.Preset == fp32.Preset && r.BatchSize == fp32.BatchSize
                && r.Throughput.Unit == fp32.Throughput.Unit) is not { } int8
                || savings.Any(s => s.Model == fp32.Model && s.Preset == fp32.Preset && s.BatchSize == fp32.BatchSize))
            {
                continue;
            }
            savings.Add(new QuantizationSaving(fp32.Model, fp32.Preset, fp32.BatchSize, fp32.Throughput.Unit, fp32.Throughput.Value, int8.Throughput.Value,
                ThroughputChoice.RunKey(fp32.Model, fp32.Preset, "fp32", fp32.BatchSize), ThroughputChoice.RunKey(int8.Model, int8.Preset, "int8", int8.BatchSize),
                fp32.Auc, int8.Auc));
        }
        return savings;
    }
}
