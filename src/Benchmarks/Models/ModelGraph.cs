using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>
/// A reference model emitted as an ONNX graph whose random weights are drawn only when it is written, chunk by chunk:
/// a caller writes it to a file (<see cref="WriteTo"/>) without holding its weights, or builds it in memory
/// (<see cref="ToBuiltModel"/>). Written once: drawing consumes the seeded random sequence.
/// </summary>
public sealed class ModelGraph
{
    private readonly GraphBuilder _builder;

    internal ModelGraph(string model, string preset, Precision precision, GraphBuilder builder, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs)
    {
        Model = model;
        Preset = preset;
        Precision = precision;
        _builder = builder;
        Inputs = inputs;
        Outputs = outputs;
    }

    public string Model { get; }

    public string Preset { get; }

    public Precision Precision { get; }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    public long ParameterBytes => _builder.ParameterBytes;

    /// <summary>
    /// SHA-256 (64 hex characters) of everything that decides the model's bytes: graph, initializer shapes, constants,
    /// the scale of each random weight, the seed and the weights' version. The model cache's key.
    /// </summary>
    public string ShapeHash => _builder.ShapeHash;

    /// <summary>The exact length of the serialized model in bytes.</summary>
    public long OnnxLength => _builder.OnnxLength;

    /// <summary>Writes the serialized model, drawing and streaming its random weights.</summary>
    public void WriteTo(Stream destination) => _builder.WriteTo(destination);

    /// <summary>The model serialized into one array of its exact length.</summary>
    public BuiltModel ToBuiltModel() => new(Model, Preset, Precision, _builder.ToBytes(), Inputs, Outputs, ParameterBytes);
}
