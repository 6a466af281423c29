using Planner.Benchmarks.Onnx.Proto;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>A plain C# MLP (double precision) to check ONNX Runtime against.</summary>
internal sealed class PlainMlp
{
    private readonly IReadOnlyList<long> _sizes;

    public PlainMlp(IReadOnlyList<long> sizes, IReadOnlyDictionary<string, float[]> parameters)
    {
        _sizes = sizes;
        Parameters = parameters.ToDictionary(p => p.Key, p => p.Value.Select(v => (double)v).ToArray());
    }

    public Dictionary<string, double[]> Parameters { get; }

    /// <summary>Reads fc{i}.weight / fc{i}.bias initializers from a serialized fp32 model.</summary>
    public static PlainMlp FromOnnx(byte[] onnx, IReadOnlyList<long> sizes)
    {
        var model = ModelProto.Parser.ParseFrom(onnx);
        var parameters = model.Graph.Initializer.ToDictionary(
            t => t.Name,
            t => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray());
        return new PlainMlp(sizes, parameters);
    }

    public double[] Logits(float[] input, int row)
    {
        var x = input.Skip(row * (int)_sizes[0]).Take((int)_sizes[0]).Select(v => (double)v).ToArray();
        for (var layer = 0; layer + 1 < _sizes.Count; layer++)
        {
            var (inputs, outputs) = ((int)_sizes[layer], (int)_sizes[layer + 1]);
            var w = Parameters[$"fc{layer}.weight"];
            var b = Parameters[$"fc{layer}.bias"];
            var y = new double[outputs];
            for (var o = 0; o < outputs; o++)
            {
                var sum = b[o];
                for (var i = 0; i < inputs; i++)
                {
                    sum += x[i] * w[(i * outputs) + o];
                }
                y[o] = layer + 2 < _sizes.Count ? Math.Max(0, sum) : sum;
            }
            x = y;
        }
        return x;
    }

    /// <summary>Mean softmax cross-entropy over the batch.</summary>
    public double Loss(float[] inputs, float[] labels)
    {
        var classes = (int)_sizes[^1];
        var rows = labels.Length / classes;
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var logits = Logits(inputs, r);
            var max = logits.Max();
            var logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            for (var c = 0; c < classes; c++)
            {
                total -= labels[(r * classes) + c] * (logits[c] - logSum);
            }
        }
        return total / rows;
    }
}
