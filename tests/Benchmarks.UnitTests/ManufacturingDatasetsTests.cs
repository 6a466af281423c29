using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.UnitTests;

public class ManufacturingDatasetsTests
{
    [Theory]
    [InlineData("predictive-maintenance", 10, 0.03)]
    [InlineData("quality-control", 8, 0.08)]
    [InlineData("line-optimization", 9, 0.2)]
    public void Each_dataset_has_its_feature_count_and_positive_rate(string dataset, int features, double positiveRate)
    {
        var rows = ManufacturingDatasets.Generate(dataset, 5_000, seed: 42);

        Assert.All(rows, r => Assert.Equal(features, r.Features.Length));
        Assert.Equal(features, ManufacturingDatasets.FeatureCount(dataset));
        // The threshold is the (1 - rate) quantile of the risk, so the share of positives is the rate up to one row.
        Assert.InRange(rows.Count(r => r.Label) / 5_000.0, positiveRate - 0.0002, positiveRate + 0.0002);
    }

    [Fact]
    public void Line_optimization_rows_are_the_same_for_the_same_seed_and_differ_for_another()
    {
        var a = ManufacturingDatasets.Generate(ManufacturingDatasets.LineOptimization, 200, seed: 7);
        var b = ManufacturingDatasets.Generate(ManufacturingDatasets.LineOptimization, 200, seed: 7);
        var c = ManufacturingDatasets.Generate(ManufacturingDatasets.LineOptimization, 200, seed: 8);

        Assert.Equal(a.Select(r => r.Features), b.Select(r => r.Features));
        Assert.Equal(a.Select(r => r.Label), b.Select(r => r.Label));
        Assert.NotEqual(a.Select(r => r.Features[0]), c.Select(r => r.Features[0]));
    }

    [Fact]
    public void Line_optimization_runs_far_from_the_set_point_optimum_miss_the_yield_target_more_often()
    {
        // Feature 0 is the oven temperature, optimum 185 °C (sd 6): runs more than 2 sd away lose yield quadratically.
        var rows = ManufacturingDatasets.Generate(ManufacturingDatasets.LineOptimization, 20_000, seed: 42);
        var far = rows.Where(r => Math.Abs(r.Features[0] - 185) > 12).ToArray();
        var near = rows.Where(r => Math.Abs(r.Features[0] - 185) < 3).ToArray();

        Assert.True(far.Average(r => r.Label ? 1.0 : 0.0) > 2 * near.Average(r => r.Label ? 1.0 : 0.0));
    }
}
