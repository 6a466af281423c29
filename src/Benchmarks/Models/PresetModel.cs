using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>A reference model whose presets are named shapes of one record type.</summary>
public abstract class PresetModel<TShape> : ReferenceModel
{
    private readonly IReadOnlyDictionary<string, TShape> _shapes;

    private protected PresetModel(IReadOnlyDictionary<string, TShape> shapes)
    {
        _shapes = shapes;
        Presets = [.. shapes.Keys];
    }

    public sealed override IReadOnlyList<string> Presets { get; }

    private protected sealed override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) Emit(GraphBuilder g, string preset, WorkloadShape shape) =>
        EmitPreset(g, _shapes[preset], shape);

    private protected abstract (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, TShape s, WorkloadShape shape);

    /// <summary>The <c>input_ids</c> [batch, sequence] input of token models.</summary>
    private protected static TensorSpec TokenIds(long vocabulary) =>
        new("input_ids", OnnxDataType.Int64, [Dim.Batch, Dim.Sequence], InputContent.TokenIds, vocabulary);
}
