namespace Planner.Benchmarks.Models;

/// <summary>A reference model serialized as ONNX, with what the runner needs to feed and account for it.</summary>
public sealed record BuiltModel(
    string Model,
    string Preset,
    Precision Precision,
    byte[] OnnxBytes,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    long ParameterBytes);
