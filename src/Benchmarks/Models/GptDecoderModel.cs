using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>
/// GPT-style causal decoder (pre-LayerNorm blocks, learned positions, GELU feed-forward) that
/// takes and returns a KV cache, so prefill and decode are separate workloads.
/// Inputs: <c>input_ids</c> and <c>position_ids</c> [batch, sequence], <c>past_key_i</c> /
/// <c>past_value_i</c> [batch, heads, past_sequence, head_dim] (past may be 0 long).
/// Outputs: <c>logits</c> [batch, sequence, vocabulary] and <c>present_key_i</c> /
/// <c>present_value_i</c> [batch, heads, past + sequence, head_dim]. The causal mask lets the
/// query at absolute position past + i see keys 0 .. past + i.
/// The serving variant (<see cref="ForServing"/>) also takes <c>attention_mask</c> [batch, past + sequence]
/// (1 = a real token, 0 = padding), so sequences whose caches differ in length can share a batch: caches are
/// left-padded to the longest, and a padded key is never attended to. Same weights as the plain graph for a seed.
/// </summary>
public sealed class GptDecoderModel : PresetModel<GptDecoderModel.Shape>
{
    /// <summary>Input name of the serving variant's padding mask.</summary>
    public const string AttentionMaskInput = "attention_mask";

    private readonly bool _attentionMask;

    public sealed record Shape(int Layers, long Hidden, long Heads, long Vocabulary, long MaxPositions);

    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["tiny"] = new(2, 64, 4, 512, 256),
        ["small"] = new(12, 768, 12, 50257, 1024),
    };

    public GptDecoderModel()
        : this(attentionMask: false)
    {
    }

    private GptDecoderModel(bool attentionMask)
        : base(Shapes) => _attentionMask = attentionMask;

    /// <summary>The serving variant: the same decoder with an <c>attention_mask</c> input for left-padded batches.</summary>
    public static GptDecoderModel ForServing() => new(attentionMask: true);

    /// <summary>Longest sequence (prompt plus output) a preset's learned positions cover.</summary>
    public static long MaxPositions(string preset) => Shapes[preset].MaxPositions;

    public override string Name => "gpt-decoder";

    public override string Description => "GPT-style causal decoder with KV cache (tiny / small = GPT-2 small shape).";

    public override string ThroughputUnit => Units.TokensPerSecond;

    public override bool HasSequence => true;

    public override bool HasKvCache => true;

    public override int DefaultSequenceLength => 128;

    /// <summary>Layers, heads and head size of a preset: what a caller needs to shape the KV cache.</summary>
    public static (int Layers, long Heads, long HeadDim, long Vocabulary) CacheShape(string preset)
    {
        var s = Shapes[preset];
        return (s.Layers, s.Heads, s.Hidden / s.Heads, s.Vocabulary);
    }

    /// <summary>Pre-LayerNorm GPT blocks: full multi-head attention (as many KV heads as heads), a 4 × hidden GELU MLP, an untied output head.</summary>
    public override CostModel.Projection.ModelShape ProjectionShape(string preset)
    {
        var s = Shapes[preset];
        return DenseTransformerShape(preset, s.Layers, s.Hidden, s.Heads, s.Vocabulary, s.MaxPositions, 4 * s.Hidden, "");
    }

    private protected override (IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs) EmitPreset(GraphBuilder g, Shape s, WorkloadShape shape)
    {
        var headDim = s.Hidden / s.Heads;
        var cacheDims = new[] { Dim.Batch, Dim.Of(s.Heads), Dim.Past, Dim.Of(headDim) };
        var presentDims = new[] { Dim.Batch, Dim.Of(s.Heads), Dim.Total, Dim.Of(headDim) };
        var inputs = new List<TensorSpec>
        {
            TokenIds(s.Vocabulary),
            new("position_ids", OnnxDataType.Int64, [Dim.Batch, Dim.Sequence], InputContent.Positions),
        };
        if (_attentionMask)
        {
            inputs.Add(new(AttentionMaskInput, OnnxDataType.Int64, [Dim.Batch, Dim.Total], InputContent.Ones));
        }
        var outputs = new List<TensorSpec> { new("logits", g.FloatType, [Dim.Batch, Dim.Sequence, Dim.Of(s.Vocabulary)]) };
        for (var layer = 0; layer < s.Layers; layer++)
        {
            inputs.Add(new($"past_key_{layer}", g.FloatType, cacheDims));
            inputs.Add(new($"past_value_{layer}", g.FloatType, cacheDims));
            outputs.Add(new($"present_key_{layer}", g.FloatType, presentDims));
            outputs.Add(new($"present_value_{layer}", g.FloatType, presentDims));
        }
        Declare(g, inputs);

        var past = Layers.DimOf(g, "past_key_0", 2);
        var total = g.Node("Add", [past, Layers.DimOf(g, "input_ids", 1)]);
        var keyPositions = Layers.Range(g, g.ConstantInt64([0]), total);
        var queryPositions = g.Node("Unsqueeze", [Layers.Range(g, past, total), g.ConstantInt64([1], 1)]);
        var allowed = g.Node("LessOrEqual", [keyPositions, queryPositions]);
        if (_attentionMask)
        {
            // [batch, total] → [batch, 1, 1, total], broadcast against the causal [sequence, total] mask.
            var real = g.Node("Cast", [AttentionMaskInput], null, Attr.Int("to", (long)OnnxDataType.Bool));
            allowed = g.Node("And", [allowed, g.Node("Unsqueeze", [real, g.ConstantInt64([1, 2], 2)])]);
        }

        var x = g.Node("Add", [
            Layers.Embedding(g, "input_ids", s.Vocabulary, s.Hidden, "wte"),
            Layers.Embedding(g, "position_ids", s.MaxPositions, s.Hidden, "wpe")]);
        long queries = shape.SequenceLength;
        long keys = shape.PastLength + shape.SequenceLength;
        for (var layer = 0; layer < s.Layers; layer++)
        {
            var name = $"h{layer}";
            var h = Layers.LayerNorm(g, x, s.Hidden, name + ".ln_1");
            var q = Layers.SplitHeads(g, Layers.Dense(g, h, s.Hidden, s.Hidden, queries, name + ".attn.q", rank2: false), s.Heads, headDim);
            var k = Layers.SplitHeads(g, Layers.Dense(g, h, s.Hidden, s.Hidden, queries, name + ".attn.k", rank2: false), s.Heads, headDim);
            var v = Layers.SplitHeads(g, Layers.Dense(g, h, s.Hidden, s.Hidden, queries, name + ".attn.v", rank2: false), s.Heads, headDim);
            var presentKey = g.Node("Concat", [$"past_key_{layer}", k], $"present_key_{layer}", Attr.Int("axis", 2));
            var presentValue = g.Node("Concat", [$"past_value_{layer}", v], $"present_value_{layer}", Attr.Int("axis", 2));
            var keysTransposed = g.Node("Transpose", [presentKey], null, Attr.Ints("perm", 0, 1, 3, 2));
            var context = Layers.MergeHeads(g, Layers.Attention(g, q, keysTransposed, presentValue, s.Hidden, headDim, queries, keys, allowed), s.Hidden);
            x = g.Node("Add", [x, Layers.Dense(g, context, s.Hidden, s.Hidden, queries, name + ".attn.proj", rank2: false)]);
            var m = Layers.LayerNorm(g, x, s.Hidden, name + ".ln_2");
            m = Layers.Gelu(g, Layers.Dense(g, m, s.Hidden, 4 * s.Hidden, queries, name + ".mlp.fc", rank2: false));
            x = g.Node("Add", [x, Layers.Dense(g, m, 4 * s.Hidden, s.Hidden, queries, name + ".mlp.proj", rank2: false)]);
        }
        x = Layers.LayerNorm(g, x, s.Hidden, "ln_f");
        var logits = Layers.Dense(g, x, s.Hidden, s.Vocabulary, queries, "lm_head", rank2: false);
        Output(g, logits, outputs[0]);
        for (var layer = 0; layer < s.Layers; layer++)
        {
            g.Output($"present_key_{layer}", $"present_key_{layer}", g.FloatType, presentDims.Select(d => d.ToOnnx()).ToArray());
            g.Output($"present_value_{layer}", $"present_value_{layer}", g.FloatType, presentDims.Select(d => d.ToOnnx()).ToArray());
        }
        return (inputs, outputs);
    }
}
