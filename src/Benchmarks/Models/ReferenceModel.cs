using Planner.CostModel.Text;
using Planner.Benchmarks.Onnx;
using Planner.CostModel;

namespace Planner.Benchmarks.Models;

/// <summary>
/// A reference workload built in code as an ONNX graph with a dynamic batch dimension and seeded
/// random weights. Each model has size presets and counts its FLOPs per sample from the graph it emits.
/// </summary>
public abstract class ReferenceModel
{
    private static readonly PhraseTemplate NotAPreset = new("benchModel.notAPreset", "preset: '{0}' is not a preset of {1}; allowed: {2}.");
    private static readonly PhraseTemplate NoSuchPrecision = new("benchModel.noSuchPrecision", "precision: {0} is not available for {1}; allowed: {2}.");

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

    /// <summary>Builds the model in memory: the exact bytes that are measured and exported.</summary>
    public BuiltModel Build(string preset, Precision precision, int seed = DefaultSeed) => Define(preset, precision, seed).ToBuiltModel();

    /// <summary>
    /// The model's graph with its <see cref="ModelGraph.ShapeHash"/>, its random weights not drawn yet: write it to a
    /// file (<see cref="ModelGraph.WriteTo"/>, what the model cache does) or build it in memory.
    /// </summary>
    public ModelGraph Define(string preset, Precision precision, int seed = DefaultSeed)
    {
        Validate(preset, precision);
        var builder = new GraphBuilder($"{Name}-{preset}-{precision.ToName()}", precision, seed);
        var (inputs, outputs) = Emit(builder, preset, new WorkloadShape(1, DefaultSequenceLength));
        return new ModelGraph(Name, preset, precision, builder, inputs, outputs);
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

    /// <summary>Parameters of a preset (see <see cref="GraphBuilder.Parameters"/>), without generating weights.</summary>
    public long ParameterCount(string preset)
    {
        Validate(preset, Precision.Fp32);
        var builder = new GraphBuilder(Name, Precision.Fp32, DefaultSeed, emitWeights: false);
        Emit(builder, preset, new WorkloadShape(1, DefaultSequenceLength));
        return builder.Parameters;
    }

    /// <summary>
    /// The preset as a transformer shape for the throughput projector (<see cref="CostModel.Projection.ModelShape"/>),
    /// built from the same preset table the graph is emitted from; null for models that are not transformers.
    /// </summary>
    public virtual CostModel.Projection.ModelShape? ProjectionShape(string preset) => null;

    /// <summary>The date the preset shapes were written down, as their projection shapes' <c>asOf</c>.</summary>
    private const string PresetShapesAsOf = "2026-11-23";

    /// <summary>A dense transformer's projection shape (full multi-head attention, classic two-matrix MLP) with the preset's counted parameters.</summary>
    private protected CostModel.Projection.ModelShape DenseTransformerShape(string preset, int layers, long hidden, long heads,
        long vocabulary, long contextLength, long intermediate, string note)
    {
        double parameters = ParameterCount(preset);
        return new CostModel.Projection.ModelShape
        {
            Name = $"{Name}-{preset}",
            Parameters = parameters,
            ActiveParameters = parameters,
            Layers = layers,
            HiddenSize = (int)hidden,
            Heads = (int)heads,
            KvHeads = (int)heads,
            HeadDim = (int)(hidden / heads),
            Vocabulary = (int)vocabulary,
            ContextLength = (int)contextLength,
            IntermediateSize = (int)intermediate,
            GatedMlp = false,
            Source = $"Planner benchmark preset {Name}/{preset}{note}; parameters counted from the preset's graph",
            AsOf = PresetShapesAsOf,
        };
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
            throw new InputException(InputProblem.General(NotAPreset.With(preset, Name, string.Join(", ", Presets))));
        }
        if (!Precisions.Contains(precision))
        {
            throw new InputException(InputProblem.General(NoSuchPrecision.With(precision.ToName(), Name, string.Join(", ", Precisions.Select(p => p.ToName())))));
        }
    }
}
