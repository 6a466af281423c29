using Microsoft.ML;

namespace Planner.Benchmarks.Training;

/// <summary>The ML.NET binary classifiers benchmarked, each behind min-max normalization.</summary>
public static class MlNetTrainers
{
    public const string Sdca = "sdca-logistic-regression";
    public const string FastTree = "fasttree";
    public const string LightGbm = "lightgbm";

    public static IReadOnlyList<string> Names { get; } = [Sdca, FastTree, LightGbm];

    public static IEstimator<ITransformer> Pipeline(MLContext context, string trainer)
    {
        ArgumentNullException.ThrowIfNull(context);
        var normalize = context.Transforms.NormalizeMinMax("Features");
        return trainer switch
        {
            Sdca => normalize.Append(context.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20)),
            FastTree => normalize.Append(context.BinaryClassification.Trainers.FastTree(numberOfTrees: 50, numberOfLeaves: 20)),
            LightGbm => normalize.Append(context.BinaryClassification.Trainers.LightGbm(numberOfIterations: 50, numberOfLeaves: 20)),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer), trainer, $"allowed: {string.Join(", ", Names)}"),
        };
    }
}
