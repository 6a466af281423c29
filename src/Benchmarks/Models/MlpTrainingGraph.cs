using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Models;

/// <summary>
/// The training step of the <c>mlp</c> family: Gemm layers with ReLU between them, written as a forward pass on the
/// reverse-mode builder (<see cref="DifferentiableGraph"/>), which adds softmax cross-entropy, the backward pass and
/// the SGD update, so one Run call is one training step.
/// </summary>
public static class MlpTrainingGraph
{
    public static TrainingGraph Build(string preset) => Build(preset, MlpModel.LayerSizes(preset));

    /// <summary>
    /// The training graph of an MLP with the given layer widths (input first); <paramref name="preset"/> names it in
    /// results (a dataset's name for the classifiers trained on a manufacturing dataset).
    /// </summary>
    public static TrainingGraph Build(string preset, IReadOnlyList<long> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        return DifferentiableGraph.BuildTrainingGraph("mlp", preset, Forward(sizes)) with { LayerSizes = sizes };
    }

    /// <summary>The forward pass: Gemm layers of the given widths with ReLU between them.</summary>
    internal static Func<DifferentiableGraph, DiffValue> Forward(IReadOnlyList<long> sizes) =>
        g =>
        {
            var x = g.Input(sizes[0]);
            for (var i = 0; i + 1 < sizes.Count; i++)
            {
                var z = g.Gemm(x, g.Parameter($"fc{i}.weight", [sizes[i], sizes[i + 1]], sizes[i]), g.Parameter($"fc{i}.bias", [sizes[i + 1]], 0));
                x = i + 2 < sizes.Count ? g.Relu(z) : z;
            }
            return x;
        };
}
