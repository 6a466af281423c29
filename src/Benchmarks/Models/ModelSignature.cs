using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>Which workload dimension a tensor dimension follows.</summary>
public enum DimKind
{
    Fixed,
    Batch,
    Sequence,
    Past,

    /// <summary>Past length plus sequence length (the KV cache a decoder returns).</summary>
    Total,
}

/// <summary>One dimension of a model input or output.</summary>
public readonly record struct Dim(DimKind Kind, long Value = 0)
{
    public static Dim Batch { get; } = new(DimKind.Batch);

    public static Dim Sequence { get; } = new(DimKind.Sequence);

    public static Dim Past { get; } = new(DimKind.Past);

    public static Dim Total { get; } = new(DimKind.Total);

    public static Dim Of(long value) => new(DimKind.Fixed, value);

    public long Resolve(WorkloadShape shape) => Kind switch
    {
        DimKind.Batch => shape.BatchSize,
        DimKind.Sequence => shape.SequenceLength,
        DimKind.Past => shape.PastLength,
        DimKind.Total => shape.PastLength + shape.SequenceLength,
        _ => Value,
    };

    /// <summary>The dimension as text: a number or its symbolic name.</summary>
    public string ToOnnxText() => Convert.ToString(ToOnnx(), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>The ONNX form: a number, or a symbolic name for dynamic dimensions.</summary>
    internal object ToOnnx() => Kind switch
    {
        DimKind.Batch => "batch",
        DimKind.Sequence => "sequence",
        DimKind.Past => "past_sequence",
        DimKind.Total => "total_sequence",
        _ => Value,
    };
}

/// <summary>How the runner fills an input with seeded data.</summary>
public enum InputContent
{
    /// <summary>Floats uniform in [-1, 1].</summary>
    RandomFloat,

    /// <summary>Token ids uniform in [0, <see cref="TensorSpec.ValueLimit"/>).</summary>
    TokenIds,

    /// <summary>Positions past_length .. past_length + sequence_length - 1 in every row.</summary>
    Positions,

    /// <summary>All ones (an attention mask with no padding).</summary>
    Ones,
}

/// <summary>A model input or output: name, element type, dimensions and, for inputs, what to fill it with.</summary>
public sealed record TensorSpec(string Name, OnnxDataType Type, IReadOnlyList<Dim> Dims, InputContent Content = InputContent.RandomFloat, long ValueLimit = 0)
{
    public long[] Shape(WorkloadShape shape) => Dims.Select(d => d.Resolve(shape)).ToArray();
}

/// <summary>The batch, sequence and past (KV cache) lengths of one measured workload.</summary>
public sealed record WorkloadShape(int BatchSize, int SequenceLength = 1, int PastLength = 0);
