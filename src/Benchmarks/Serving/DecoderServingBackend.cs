using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Planner.Benchmarks.Models;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Serving;

/// <summary>
/// Generates tokens with the reference GPT decoder for the serving loop (docs/benchmarking.md, "Serving"):
/// greedy sampling, a KV cache kept between steps, continuous batching. Prefill runs each group of admitted
/// requests with the same prompt length as one batch with an empty cache. A decode step feeds every running
/// sequence's last token with its cache; caches of different lengths share the batch left-padded to the longest,
/// with <c>attention_mask</c> marking the padding. While the batch does not change, a step's <c>present_*</c>
/// outputs are the next step's <c>past_*</c> inputs as they are (no copy); when a request joins or leaves, the
/// caches are repacked to the new longest length.
/// </summary>
public sealed class DecoderServingBackend : IServingBackend, IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int _layers;
    private readonly long _heads;
    private readonly long _headDim;
    private readonly long _vocabulary;
    private readonly Func<ServingRequest, long[]> _prompt;
    private readonly Action<int, long>? _onToken;
    private readonly Dictionary<int, Sequence> _sequences = [];
    private readonly HashSet<CacheBlock> _blocks = [];
    private IReadOnlyList<int> _batchOrder = [];

    /// <param name="prompt">The prompt token ids of a request (its length must be the request's input tokens).</param>
    /// <param name="onToken">Called with (request id, token) for every generated token, in order.</param>
    public DecoderServingBackend(string preset, int seed, SessionOptions options, Func<ServingRequest, long[]> prompt, Action<int, long>? onToken = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prompt);
        var model = GptDecoderModel.ForServing().Build(preset, Precision.Fp32, seed);
        (_layers, _heads, _headDim, _vocabulary) = GptDecoderModel.CacheShape(preset);
        _session = new InferenceSession(model.OnnxBytes, options);
        _prompt = prompt;
        _onToken = onToken;
    }

    /// <summary>Seeded prompts: token ids uniform in [0, vocabulary), the same for a request id and seed whatever the run.</summary>
    public static Func<ServingRequest, long[]> RandomPrompts(string preset, int seed)
    {
        var vocabulary = GptDecoderModel.CacheShape(preset).Vocabulary;
        return request =>
        {
            // Not HashCode.Combine: it is randomised per process, and prompts must repeat across runs.
            var random = new Random(unchecked((seed * 1_000_003) + request.Id));
            return Enumerable.Range(0, request.InputTokens).Select(_ => random.NextInt64(vocabulary)).ToArray();
        };
    }

    /// <summary>Prompt and generated tokens of a request still held (until it is released).</summary>
    public IReadOnlyList<long> Tokens(int requestId) => _sequences[requestId].Tokens;

    public void Prefill(IReadOnlyList<ServingRequest> admitted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(admitted);
        foreach (var group in admitted.Select(r => (Request: r, Prompt: _prompt(r))).GroupBy(p => p.Prompt.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = group.ToList();
            var length = group.Key;
            var ids = new long[rows.Count * length];
            for (var r = 0; r < rows.Count; r++)
            {
                rows[r].Prompt.CopyTo(ids, r * length);
            }
            var positions = Enumerable.Range(0, rows.Count * length).Select(i => (long)(i % length)).ToArray();
            var mask = Enumerable.Repeat(1L, rows.Count * length).ToArray();
            using var empty = Block(Enumerable.Range(0, 2 * _layers).Select(_ => Array.Empty<float>()).ToArray(), rows.Count, 0);
            var (logits, block) = Run(ids, positions, mask, empty, rows.Count, length);
            for (var r = 0; r < rows.Count; r++)
            {
                var sequence = new Sequence([.. rows[r].Prompt], block, r, length);
                _sequences[rows[r].Request.Id] = sequence;
                Append(rows[r].Request.Id, sequence, Greedy(logits, ((r * length) + length - 1) * _vocabulary));
            }
        }
        Prune();
    }

    public void Decode(IReadOnlyList<ServingRequest> running, long kvTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(running);
        var sequences = running.Select(r => _sequences[r.Id]).ToList();
        var order = running.Select(r => r.Id).ToList();
        var width = sequences.Max(s => s.CacheLength);
        var unchanged = order.SequenceEqual(_batchOrder) && sequences.All(s => s.Block == sequences[0].Block && s.Block.Width == width);
        var past = unchanged ? sequences[0].Block : Repack(sequences, width);
        var batch = sequences.Count;
        var ids = sequences.Select(s => s.Tokens[^1]).ToArray();
        var positions = sequences.Select(s => (long)s.CacheLength).ToArray();
        var mask = new long[batch * (width + 1)];
        for (var r = 0; r < batch; r++)
        {
            // Real cache columns are right-aligned; the new token's column (the last) is real too.
            mask.AsSpan((r * (width + 1)) + width - sequences[r].CacheLength, sequences[r].CacheLength + 1).Fill(1);
        }
        var (logits, block) = Run(ids, positions, mask, past, batch, 1);
        if (!unchanged)
        {
            past.Dispose();
        }
        for (var r = 0; r < batch; r++)
        {
            var sequence = sequences[r];
            sequence.Block = block;
            sequence.Row = r;
            sequence.CacheLength++;
            Append(order[r], sequence, Greedy(logits, r * _vocabulary));
        }
        _batchOrder = order;
        Prune();
    }

    public void Release(ServingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _sequences.Remove(request.Id);
        Prune();
    }

    public void Dispose()
    {
        foreach (var block in _blocks)
        {
            block.Dispose();
        }
        _runOptions.Dispose();
        _session.Dispose();
    }

    private void Append(int requestId, Sequence sequence, long token)
    {
        sequence.Tokens.Add(token);
        _onToken?.Invoke(requestId, token);
    }

    /// <summary>Runs one step and returns the logits and the present caches, kept as ONNX Runtime gave them (the next step's block of rows).</summary>
    private (float[] Logits, CacheBlock Block) Run(long[] ids, long[] positions, long[] mask, CacheBlock past, int batch, int length)
    {
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
        using var positionsValue = OrtValue.CreateTensorValueFromMemory(positions, [batch, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [batch, past.Width + length]);
        var names = new List<string> { "input_ids", "position_ids", GptDecoderModel.AttentionMaskInput };
        var values = new List<OrtValue> { idsValue, positionsValue, maskValue };
        var outputNames = new List<string> { "logits" };
        for (var layer = 0; layer < _layers; layer++)
        {
            names.Add($"past_key_{layer}");
            names.Add($"past_value_{layer}");
            outputNames.Add($"present_key_{layer}");
            outputNames.Add($"present_value_{layer}");
        }
        values.AddRange(past.Tensors);
        var outputs = _session.Run(_runOptions, names, values, outputNames);
        var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var block = new CacheBlock(outputs.Skip(1).ToArray(), past.Width + length, outputs);
        _blocks.Add(block);
        return (logits, block);
    }

    /// <summary>A block over managed arrays of [batch, heads, width, headDim].</summary>
    private CacheBlock Block(float[][] tensors, int batch, int width)
    {
        var values = tensors.Select(t => OrtValue.CreateTensorValueFromMemory(t, [batch, _heads, width, _headDim])).ToArray();
        return new CacheBlock(values, width, null);
    }

    /// <summary>Copies each sequence's real cache columns, right-aligned, into a new [batch, heads, width, headDim] block per tensor.</summary>
    private CacheBlock Repack(List<Sequence> sequences, int width)
    {
        var tensors = new float[2 * _layers][];
        for (var t = 0; t < tensors.Length; t++)
        {
            var packed = new float[sequences.Count * _heads * width * _headDim];
            for (var r = 0; r < sequences.Count; r++)
            {
                var s = sequences[r];
                var source = s.Block.Tensors[t].GetTensorDataAsSpan<float>();
                for (var h = 0; h < _heads; h++)
                {
                    var from = ((((s.Row * _heads) + h) * s.Block.Width) + s.Block.Width - s.CacheLength) * _headDim;
                    var to = ((((r * _heads) + h) * width) + width - s.CacheLength) * _headDim;
                    source.Slice((int)from, (int)(s.CacheLength * _headDim)).CopyTo(packed.AsSpan((int)to));
                }
            }
            tensors[t] = packed;
        }
        return Block(tensors, sequences.Count, width);
    }

    private long Greedy(float[] logits, long offset)
    {
        var best = 0L;
        for (var v = 1L; v < _vocabulary; v++)
        {
            if (logits[offset + v] > logits[offset + best])
            {
                best = v;
            }
        }
        return best;
    }

    /// <summary>Frees cache blocks no held sequence points into.</summary>
    private void Prune()
    {
        foreach (var block in _blocks.Where(b => !_sequences.Values.Any(s => s.Block == b)).ToList())
        {
            _blocks.Remove(block);
            block.Dispose();
        }
    }

    /// <summary>
    /// K and V tensors of every layer: rows × heads × <see cref="Width"/> × head size, each row's real columns
    /// right-aligned. <paramref name="owner"/> is ONNX Runtime's output collection when the block is a step's present_* outputs.
    /// </summary>
    private sealed class CacheBlock(OrtValue[] tensors, int width, IDisposable? owner) : IDisposable
    {
        public OrtValue[] Tensors { get; } = tensors;

        public int Width { get; } = width;

        public void Dispose()
        {
            if (owner is null)
            {
                foreach (var tensor in Tensors)
                {
                    tensor.Dispose();
                }
            }
            else
            {
                owner.Dispose();
            }
        }
    }

    /// <summary>A request's tokens so far and where its cache lives: row <see cref="Row"/> of <see cref="Block"/>, its last <see cref="CacheLength"/> columns.</summary>
    private sealed class Sequence(List<long> tokens, CacheBlock block, int row, int cacheLength)
    {
        public List<long> Tokens { get; } = tokens;

        public CacheBlock Block { get; set; } = block;

        public int Row { get; set; } = row;

        public int CacheLength { get; set; } = cacheLength;
    }
}
