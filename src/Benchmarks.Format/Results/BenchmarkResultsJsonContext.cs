using System.Text.Json.Serialization;

namespace Planner.Benchmarks.Results;

/// <summary>
/// The results format's serializer, generated at compile time so that trimmed, self-contained apps (the GPU probe bundle)
/// read and write results without reflection: camelCase names, indented.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BenchmarkRun))]
[JsonSerializable(typeof(RunComparison))]
internal sealed partial class BenchmarkResultsJsonContext : JsonSerializerContext;
