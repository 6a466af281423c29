using Microsoft.ML.OnnxRuntime;

namespace Planner.Benchmarks.Models;

/// <summary>A serialized reference model a session is created from, with what the runner needs to feed and account for it.</summary>
public interface IOnnxModel
{
    string Model { get; }

    string Preset { get; }

    Precision Precision { get; }

    IReadOnlyList<TensorSpec> Inputs { get; }

    IReadOnlyList<TensorSpec> Outputs { get; }

    long ParameterBytes { get; }

    InferenceSession CreateSession(SessionOptions options);
}

/// <summary>A reference model serialized as ONNX in memory.</summary>
public sealed record BuiltModel(
    string Model,
    string Preset,
    Precision Precision,
    byte[] OnnxBytes,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    long ParameterBytes) : IOnnxModel
{
    public InferenceSession CreateSession(SessionOptions options) => new(OnnxBytes, options);
}

/// <summary>A reference model in a verified file of the <see cref="ModelCache"/>; ONNX Runtime reads the file itself.</summary>
public sealed record CachedModel(
    string Model,
    string Preset,
    Precision Precision,
    string OnnxPath,
    string ShapeHash,
    IReadOnlyList<TensorSpec> Inputs,
    IReadOnlyList<TensorSpec> Outputs,
    long ParameterBytes) : IOnnxModel
{
    public InferenceSession CreateSession(SessionOptions options) => new(OnnxPath, options);
}
