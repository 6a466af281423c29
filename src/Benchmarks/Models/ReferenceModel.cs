using Planner.Benchmarks.Onnx;
using Planner.CostModel;

namespace Planner.Benchmarks.Models;

/// <summary>
/// A reference workload built in code as an ONNX graph with a dynamic batch dimension and seeded
/// random weights. Each model has size presets and counts its FLOPs per sample from the graph it emits.
/// </summary>
public abstract class ReferenceModel
{
    /// <summary>Seed used for weights when the caller gives none, so exported models are reproducible.</summary>
    public const int DefaultSeed = 42;

    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>Preset names, smallest first; the first is the default.</summary>
    public abstract IReadOnlyList<string> Presets { get; }

    public virtual IReadOnlyList<Precision> Precisions { get; } = [Precision.Fp32];

    /// <summary>Throughput unit of inference results: <c>samples/s</c>, or <c>tokens/s</c> for language models.</summary>
    public virtual string ThroughputUnit => Units.SamplesPerSecond;

    /// <summary>True when inputs have a sequence dimension (token models).</summary>
    public virtual bool HasSequence => false;

    /// <summary>True when the model takes and returns a KV cache (prefill and decode are measured separately).</summary>
    public virtual bool HasKvCache => false;

    /// <summary>The sequence length used when a profile gives none.</summary>
    public virtual int DefaultSequenceLength => 1;

    public string DefaultPreset => Presets[0];

    /// <summary>Builds the model: the exact bytes that are measured and exported.</summary>
    public BuiltModel Build(string preset, Precision precision, int seed = DefaultSeed)
    {
        Validate(preset, precision);
        var builder = new GraphBuilder($"{Name}-{preset}-{precision.ToName()}", precision, seed);
        var (inputs, outputs) = Emit(builder, preset, new WorkloadShape(1, DefaultSequenceLength));
        return new BuiltModel(Name, preset, precision, builder.ToBytes(), inputs, outputs, builder.ParameterBytes);
    }

    /// <summary>Operations per sample (one row, image or sequence) for a workload shape, counted from the graph (no weights generated).</summary>
    public double FlopsPerSample(string preset, Precision precision, WorkloadShape shape)
    {
        Validate(preset, precision);
        var builder = new GraphBuilder(Name, precision, DefaultSeed, emitWeights: false);
        Emit(builder, preset, shape);
        return builder.Flops;
    }

    /// <summary>Parameter bytes of a preset at a precision, without generating weights.</summary>
    public long ParameterBytes(string preset, Precision precision)
    {
        Validate(preset, precision);
        var builder = new GraphBuilder(Name, precision, DefaultSeed, emitWeights: false);
        Emit(builder, preset, new WorkloadShape(1, DefaultSequenceLength));
        return builder.ParameterBytes;
    }

    /// <summary>Emits the graph; FLOPs are counted for <paramref name="shape"/>'s sequence and past lengths.</summary>
    private protected abstract (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) Emit(GraphBuilder g, string preset, WorkloadShape shape);

    private protected static void Declare(GraphBuilder g, IEnumerable<TensorSpec> inputs)
    {
        foreach (var input in inputs)
        {
            g.Input(input.Name, input.Type, input.Dims.Select(d => d.ToOnnx()).ToArray());
        }
    }

    private protected static void Output(GraphBuilder g, string tensor, TensorSpec spec) =>
        g.Output(tensor, spec.Name, spec.Type, spec.Dims.Select(d => d.ToOnnx()).ToArray());

    private void Validate(string preset, Precision precision)
    {
        if (!Presets.Contains(preset))
        {
            throw new InputException($"preset: '{preset}' is not a preset of {Name}; allowed: {string.Join(", ", Presets)}.");
        }
        if (!Precisions.Contains(precision))
        {
            throw new InputException($"precision: {precision.ToName()} is not available for {Name}; allowed: {string.Join(", ", Precisions.Select(p => p.ToName()))}.");
        }
    }
}
