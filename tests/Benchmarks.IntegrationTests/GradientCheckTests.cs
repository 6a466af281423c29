using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>
/// The reverse-mode builder's gradients (docs/methodology.md, "Gradients of the training graph"), each operator in a
/// tiny graph run through real ONNX Runtime sessions, against central finite differences of the loss the same graph
/// computes.
/// </summary>
public class GradientCheckTests
{
    /// <summary>Central-difference step on each checked parameter value.</summary>
    private const float Step = 1e-3f;

    /// <summary>
    /// Bound on ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) over the checked values. A step of 1e-3 keeps the
    /// ReLU kinks a step crosses few (at 1e-2 LeNet-5 crossed enough of them for 7 % error); float32 losses leave
    /// the rest.
    /// </summary>
    private const double MaxRelativeError = 1e-2;

    public static TheoryData<string> Operators => new()
    {
        "gemm", "matmul-add", "relu", "sigmoid", "tanh", "mul", "add-broadcast", "conv2d", "conv1d", "averagepool2d",
        "averagepool1d", "flatten", "reshape-slice", "concat", "mlp", "lenet5", "lstm",
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void Gradients_match_central_finite_differences_of_the_loss(string op)
    {
        var graph = Tiny(op);
        using var options = CpuOptions();
        using var probe = new TrainingGraphProbe(graph, options, batch: 4, seed: 11);
        var parameters = probe.Initial;
        // Biases start at zero; move them off it so that every path carries a gradient.
        var random = new Random(3);
        foreach (var shape in graph.Parameters.Where(p => p.FanIn == 0))
        {
            parameters[shape.Name] = parameters[shape.Name].Select(_ => (random.NextSingle() - 0.5f) * 0.2f).ToArray();
        }
        var analytic = probe.Gradient(parameters);

        var (difference, analyticNorm, numericNorm) = (0.0, 0.0, 0.0);
        foreach (var shape in graph.Parameters)
        {
            var values = parameters[shape.Name];
            foreach (var index in Enumerable.Range(0, 6).Select(i => (int)((long)i * values.Length / 6)).Distinct())
            {
                var original = values[index];
                values[index] = original + Step;
                var up = probe.Loss(parameters);
                values[index] = original - Step;
                var down = probe.Loss(parameters);
                values[index] = original;
                var numeric = (up - down) / (2 * Step);
                var a = analytic[shape.Name][index];
                difference += (a - numeric) * (a - numeric);
                analyticNorm += a * a;
                numericNorm += numeric * numeric;
            }
        }
        var relative = Math.Sqrt(difference) / Math.Max(Math.Sqrt(analyticNorm), Math.Sqrt(numericNorm));
        Assert.True(analyticNorm > 1e-8, $"{op}: the checked gradient is zero");
        Assert.True(relative <= MaxRelativeError, $"{op}: relative error {relative} (analytic norm {Math.Sqrt(analyticNorm)}, numeric {Math.Sqrt(numericNorm)})");
    }

    [Fact]
    public void A_one_feature_softmax_regression_step_matches_the_hand_computed_loss_and_update()
    {
        // Rows x = 2 (class 1) and x = -1 (class 0), weights and biases zero: both logits 0, softmax 1/2, loss ln 2.
        // dL/dlogits = (softmax - labels) / 2: row 0 (1/4, -1/4), row 1 (-1/4, 1/4).
        // dL/dW = 2·(1/4, -1/4) + (-1)·(-1/4, 1/4) = (3/4, -3/4); dL/db = (0, 0). At learning rate 1: W = (-3/4, 3/4).
        var graph = MlpTrainingGraph.Build("hand", [1, 2]);
        using var options = CpuOptions();
        using var probe = new TrainingGraphProbe(graph, options, [2f, -1f], [0f, 1f, 1f, 0f]);

        var (loss, updated) = probe.Run(new Dictionary<string, float[]> { ["fc0.weight"] = [0f, 0f], ["fc0.bias"] = [0f, 0f] });

        Assert.Equal(Math.Log(2), loss, 6);
        Assert.Equal(-0.75, updated["fc0.weight"][0], 6);
        Assert.Equal(0.75, updated["fc0.weight"][1], 6);
        Assert.Equal(0, updated["fc0.bias"][0], 6);
        Assert.Equal(0, updated["fc0.bias"][1], 6);
    }

    private static SessionOptions CpuOptions() => ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(1, 1));

    private static TrainingGraph Tiny(string op) => op switch
    {
        "mlp" => MlpTrainingGraph.Build("check", [3, 5, 4, 2]),
        "lenet5" => TrainableModels.LeNet5Graph("check", 32),
        "lstm" => TrainableModels.LstmGraph("check", steps: 4, channels: 2, hidden: 3),
        _ => DifferentiableGraph.BuildTrainingGraph("check", op, g => Body(g, op)),
    };

    private static DiffValue Body(DifferentiableGraph g, string op)
    {
        DiffValue P(string name, params long[] dims) => g.Parameter(name, dims, dims.Length > 1 ? dims[^1] : 1);
        DiffValue Out(DiffValue x) => g.Gemm(g.Flatten(x), P("out.weight", x.Shape[1..].Aggregate(1L, (p, d) => p * d), 2), P("out.bias", 2));
        switch (op)
        {
            case "gemm":
                return Out(g.Gemm(g.Input(3), P("w", 3, 4), P("b", 4)));
            case "matmul-add":
                return Out(g.Add(g.MatMul(g.Input(3), P("w", 3, 4)), P("b", 4)));
            case "relu":
                return Out(g.Relu(g.Gemm(g.Input(3), P("w", 3, 4), P("b", 4))));
            case "sigmoid":
                return Out(g.Sigmoid(g.Gemm(g.Input(3), P("w", 3, 4), P("b", 4))));
            case "tanh":
                return Out(g.Tanh(g.Gemm(g.Input(3), P("w", 3, 4), P("b", 4))));
            case "mul":
            {
                var x = g.Input(3);
                return Out(g.Mul(g.Mul(g.Gemm(x, P("a", 3, 4)), g.Gemm(x, P("b", 3, 4))), P("scale", 4)));
            }
            case "add-broadcast":
            {
                var x = g.Input(3);
                return Out(g.Add(g.Add(g.Gemm(x, P("a", 3, 4)), g.Gemm(x, P("b", 3, 4))), P("shift", 1, 4)));
            }
            case "conv2d":
            {
                // Stride 2 after padding 1 on 6x6: output 3x3, the transposed convolution needs output padding 1 and
                // the weight gradient's correlation (4x4) is cut to the 3x3 kernel.
                var x = g.Tanh(g.Conv(g.Input(1, 6, 6), P("c1.weight", 2, 1, 3, 3), P("c1.bias", 2), 1, 1));
                return Out(g.Conv(x, P("c2.weight", 3, 2, 3, 3), P("c2.bias", 3), 2, 1));
            }
            case "conv1d":
            {
                var x = g.Tanh(g.Conv(g.Input(2, 7), P("c1.weight", 3, 2, 3), P("c1.bias", 3), 1, 0));
                return Out(g.Conv(x, P("c2.weight", 2, 3, 2), P("c2.bias", 2), 2, 0));
            }
            case "averagepool2d":
                return Out(g.AveragePool(g.Conv(g.Input(1, 4, 4), P("c.weight", 2, 1, 3, 3), P("c.bias", 2), 1, 1), 2));
            case "averagepool1d":
                return Out(g.AveragePool(g.Conv(g.Input(2, 6), P("c.weight", 2, 2, 3), P("c.bias", 2), 1, 1), 3));
            case "flatten":
                return Out(g.Conv(g.Input(1, 3, 3), P("c.weight", 2, 1, 2, 2), P("c.bias", 2), 1, 0));
            case "reshape-slice":
                return Out(g.Slice(g.Reshape(g.Gemm(g.Input(3), P("w", 3, 6), P("b", 6)), 2, 3), 2, 1, 3));
            case "concat":
            {
                var h = g.Gemm(g.Input(3), P("w", 3, 4), P("b", 4));
                return Out(g.Concat(1, g.Slice(h, 1, 0, 2), g.Tanh(g.Slice(h, 1, 2, 4)), h));
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }
}
