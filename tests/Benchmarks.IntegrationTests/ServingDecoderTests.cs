using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Serving;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.IntegrationTests;

public class ServingDecoderTests
{
    private const string Preset = "tiny";
    private const int Seed = 7;

    private static SessionOptions CpuOptions() => ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(1, 1));

    [Fact]
    public void Continuously_batched_kv_cached_generation_gives_exactly_the_greedy_tokens_of_recomputing_the_whole_sequence_each_step()
    {
        // Staggered Poisson arrivals and a batch limit of 3 make requests join and leave a running batch whose
        // caches differ in length (left padding and the attention mask at work).
        var load = new ServingLoad(2, null, 6, InputTokens: 5, OutputTokens: 12, MaxRequests: 8, RequestTimeoutSeconds: 3600, Seed);
        var generated = new Dictionary<int, List<long>>();
        var prompts = DecoderServingBackend.RandomPrompts(Preset, Seed);
        using var options = CpuOptions();
        using var backend = new DecoderServingBackend(Preset, Seed, options, prompts, (id, token) =>
        {
            if (!generated.TryGetValue(id, out var tokens))
            {
                generated[id] = tokens = [];
            }
            tokens.Add(token);
        });

        var trace = ServingLoop.Run(load, maxBatch: 3, backend, new ReadCountingClock(0.25), null, CancellationToken.None);

        Assert.True(trace.Requests.Count >= 4, $"{trace.Requests.Count} requests");
        Assert.All(trace.Requests, r => Assert.True(r.Completed));
        Assert.Contains(trace.Decodes, d => d.BatchSize >= 2 && d.KvTokens % d.BatchSize != 0);
        using var reference = new FullRecomputeDecoder(options);
        foreach (var request in trace.Requests)
        {
            var prompt = prompts(new ServingRequest(request.Id, request.ArrivalSeconds, load.InputTokens, load.OutputTokens));
            Assert.Equal(reference.Greedy(prompt, load.OutputTokens), generated[request.Id]);
        }
    }

    [Fact]
    public void Only_the_serving_graph_takes_an_attention_mask()
    {
        var serving = GptDecoderModel.ForServing().Build(Preset, Precision.Fp32, Seed);
        var plain = new GptDecoderModel().Build(Preset, Precision.Fp32, Seed);

        Assert.Contains(serving.Inputs, i => i.Name == GptDecoderModel.AttentionMaskInput);
        Assert.DoesNotContain(plain.Inputs, i => i.Name == GptDecoderModel.AttentionMaskInput);
    }

    /// <summary>A clock that moves a fixed amount every time it is read, so steps take time without a real wait.</summary>
    private sealed class ReadCountingClock(double secondsPerRead) : IServingClock
    {
        private double _now;

        public double Now => _now += secondsPerRead;

        public void WaitUntil(double seconds, CancellationToken cancellationToken) => _now = Math.Max(_now, seconds);
    }

    /// <summary>Greedy generation without a cache: every step runs the plain decoder over the whole sequence so far.</summary>
    private sealed class FullRecomputeDecoder(SessionOptions options) : IDisposable
    {
        private readonly InferenceSession _session = new(new GptDecoderModel().Build(Preset, Precision.Fp32, Seed).OnnxBytes, options);

        public List<long> Greedy(long[] prompt, int outputTokens)
        {
            var (layers, heads, headDim, vocabulary) = GptDecoderModel.CacheShape(Preset);
            var sequence = prompt.ToList();
            var output = new List<long>();
            while (output.Count < outputTokens)
            {
                var n = sequence.Count;
                var inputs = new Dictionary<string, OrtValue>
                {
                    ["input_ids"] = OrtValue.CreateTensorValueFromMemory(sequence.ToArray(), [1, n]),
                    ["position_ids"] = OrtValue.CreateTensorValueFromMemory(Enumerable.Range(0, n).Select(i => (long)i).ToArray(), [1, n]),
                };
                for (var layer = 0; layer < layers; layer++)
                {
                    inputs[$"past_key_{layer}"] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, heads, 0, headDim]);
                    inputs[$"past_value_{layer}"] = OrtValue.CreateTensorValueFromMemory(Array.Empty<float>(), [1, heads, 0, headDim]);
                }
                using var runOptions = new RunOptions();
                using var outputs = _session.Run(runOptions, inputs, ["logits"]);
                var logits = outputs[0].GetTensorDataAsSpan<float>()[(int)((n - 1) * vocabulary)..];
                var best = 0;
                for (var v = 1; v < vocabulary; v++)
                {
                    best = logits[v] > logits[best] ? v : best;
                }
                foreach (var value in inputs.Values)
                {
                    value.Dispose();
                }
                sequence.Add(best);
                output.Add(best);
            }
            return output;
        }

        public void Dispose() => _session.Dispose();
    }
}
