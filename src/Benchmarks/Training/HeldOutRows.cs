using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;

namespace Planner.Benchmarks.Training;

/// <summary>
/// The held-out 20 % of a standardized dataset (<see cref="StandardizedSplit"/>) and how a model is scored on it: each
/// row's class-1 logit minus its class-0 logit, which orders rows as the softmax probability of class 1 does, then the
/// AUC of those scores against the labels. The training step's evaluation and the trained model's inference at each
/// precision are scored by this one code.
/// </summary>
internal sealed class HeldOutRows(float[] inputs, bool[] labels)
{
    private const int ScoringRows = 256;

    public int Count => labels.Length;

    /// <summary>The held-out AUC of a forward graph run by <paramref name="session"/> (input <c>input</c>, output <c>logits</c>).</summary>
    /// <param name="extraNames">Inputs beside the rows (a training step's current parameters); empty for a model with its weights inside.</param>
    public double Auc(InferenceSession session, IReadOnlyList<long> sampleShape, int classes, IReadOnlyList<string> extraNames, IReadOnlyList<OrtValue> extraValues)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(extraNames);
        ArgumentNullException.ThrowIfNull(extraValues);
        var rowLength = (int)sampleShape.Aggregate(1L, (p, d) => p * d);
        var scores = new double[inputs.Length / rowLength];
        string[] names = [TrainingGraph.Input, .. extraNames];
        using var runOptions = new RunOptions();
        for (var start = 0; start < scores.Length; start += ScoringRows)
        {
            var rows = Math.Min(ScoringRows, scores.Length - start);
            using var chunk = OrtValue.CreateTensorValueFromMemory(inputs.AsSpan(start * rowLength, rows * rowLength).ToArray(), [rows, .. sampleShape]);
            OrtValue[] values = [chunk, .. extraValues];
            using var outputs = session.Run(runOptions, names, values, [TrainingGraph.Logits]);
            var logits = outputs[0].GetTensorDataAsSpan<float>();
            for (var r = 0; r < rows; r++)
            {
                scores[start + r] = logits[(r * classes) + 1] - logits[r * classes];
            }
        }
        return Training.Auc.Compute(scores, labels);
    }
}
