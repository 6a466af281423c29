using System.Text.Json.Serialization;
using Planner.CostModel.Projection;

namespace Planner.GpuProbe;

/// <summary>Reads model shapes (<c>--shapes</c>, as <c>planner catalog list models --format json</c> writes them) without reflection, so the trimmed bundle can.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ModelShape[]))]
internal sealed partial class ProbeJsonContext : JsonSerializerContext;
