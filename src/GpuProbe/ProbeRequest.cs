using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.CostModel;
using Planner.CostModel.Projection;

namespace Planner.GpuProbe;

/// <summary>A model to probe and the tensor-parallel slices of it to time.</summary>
public sealed record ProbeModel(ModelShape Shape, IReadOnlyList<int> TensorParallel);

/// <summary>What one probe run times (docs/benchmarking.md, "GPU probe").</summary>
public sealed record ProbeRequest
{
    public required IReadOnlyList<ProbeModel> Models { get; init; }

    public IReadOnlyList<string> Precisions { get; init; } = MatmulShape.Precisions;

    /// <summary>Sequences per prefill pass; each pass is batch × <see cref="PromptTokens"/> rows.</summary>
    public IReadOnlyList<int> PrefillBatches { get; init; } = [1, 8];

    public int PromptTokens { get; init; } = 2048;

    /// <summary>Sequences per decode step: one row each.</summary>
    public IReadOnlyList<int> DecodeBatches { get; init; } = [1, 8, 32, 128];

    /// <summary>Size of the device-to-device copy in MiB; 0 skips it.</summary>
    public int CopyMegabytes { get; init; } = 1024;

    /// <summary>Short by default: the probe times hundreds of products, and GPU timings are steady (CUDA events, no host noise).</summary>
    public MeasurementSettings Measurement { get; init; } = new(WarmupIterations: 5, MinIterations: 20, MinDurationSeconds: 0.1, MaxDurationSeconds: 2);

    public IReadOnlyList<string> CudaLibraryDirectories { get; init; } = [];

    /// <summary>Every problem with the request, each naming its flag and the allowed range.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Models.Count == 0)
        {
            problems.Add("--model: name at least one model (e.g. --model llama-3-8b --model llama-3-70b:2,4,8).");
        }
        foreach (var model in Models)
        {
            problems.AddRange(model.Shape.Validate().Select(p => $"--model {model.Shape.Name}: {p.Message}"));
            foreach (var tp in model.TensorParallel)
            {
                problems.AddRange(LayerMatmuls.Problems(model.Shape, tp));
            }
        }
        foreach (var precision in Precisions.Where(p => !MatmulShape.Precisions.Contains(p)))
        {
            problems.Add($"--precisions: '{precision}' is not allowed; allowed: {string.Join(", ", MatmulShape.Precisions)}.");
        }
        if (Precisions.Count == 0)
        {
            problems.Add($"--precisions: list at least one of {string.Join(", ", MatmulShape.Precisions)}.");
        }
        foreach (var (batches, flag) in new[] { (PrefillBatches, "--prefill-batches"), (DecodeBatches, "--decode-batches") })
        {
            problems.AddRange(batches.Where(b => b is < 1 or > 4096).Select(b => $"{flag}: each batch must be between 1 and 4096, got {b}."));
        }
        if (PrefillBatches.Count + DecodeBatches.Count == 0)
        {
            problems.Add("--prefill-batches, --decode-batches: list at least one batch size.");
        }
        if (PromptTokens is < 1 or > 131072)
        {
            problems.Add($"--prompt-tokens: must be between 1 and 131072, got {PromptTokens}.");
        }
        if (CopyMegabytes is < 0 or > 65536)
        {
            problems.Add($"--copy-mb: must be between 0 and 65536, got {CopyMegabytes}.");
        }
        problems.AddRange(Measurement.Problems("--"));
        return problems;
    }

    /// <exception cref="InputException">The request has problems (<see cref="Problems"/>).</exception>
    public void Validate()
    {
        var problems = Problems();
        InputException.ThrowIfAny(problems);
    }

    /// <summary>The passes of one slice: (phase, batch, prompt tokens, rows M), prefill first.</summary>
    public IReadOnlyList<(string Phase, int Batch, int? PromptTokens, long Rows)> Passes() =>
    [
        .. PrefillBatches.Select(b => (BenchmarkResult.Prefill, b, (int?)PromptTokens, (long)b * PromptTokens)),
        .. DecodeBatches.Select(b => (BenchmarkResult.Decode, b, (int?)null, (long)b)),
    ];
}
