namespace Planner.Benchmarks.Results;

/// <summary>
/// What a result's model cost before its timed loop: getting the ONNX model (built, or read from the model cache) and
/// creating the ONNX Runtime session. Neither is part of <see cref="BenchmarkResult.DurationSeconds"/>.
/// </summary>
/// <param name="ShapeHash">The model's shape hash (64 hex characters): the model cache's key.</param>
/// <param name="Cache"><see cref="Hit"/>, <see cref="Miss"/>, <see cref="Off"/> or <see cref="Reused"/>.</param>
/// <param name="BuildSeconds">Building the model (and writing it to the cache), or finding and verifying it in the cache; 0 when reused.</param>
/// <param name="SessionSeconds">Creating the inference session (ONNX Runtime loads and optimises the model) and its bound tensors.</param>
public sealed record ModelSetup(string ShapeHash, string Cache, double BuildSeconds, double SessionSeconds)
{
    /// <summary>Read from the model cache after its size and SHA-256 were checked; not built.</summary>
    public const string Hit = "hit";

    /// <summary>Built, and written to the model cache for the next run.</summary>
    public const string Miss = "miss";

    /// <summary>Built in memory: no cache, or the cache folder could not be written.</summary>
    public const string Off = "off";

    /// <summary>Made ready by an earlier result of the same run.</summary>
    public const string Reused = "reused";

    public static IReadOnlyList<string> CacheValues { get; } = [Hit, Miss, Off, Reused];
}
