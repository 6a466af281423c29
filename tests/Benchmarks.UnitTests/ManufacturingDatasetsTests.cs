using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.UnitTests;

public class ManufacturingDatasetsTests
{
    [Theory]
    [InlineData("predictive-maintenance", 10, 0.03)]
    [InlineData("quality-control", 8, 0.08)]
    [InlineData("line-optimization", 9, 0.2)]
    [InlineData("inspection-images", 1024, 0.1)]
    [InlineData("sensor-sequences", 128, 0.1)]
    public void Each_dataset_has_its_feature_count_and_positive_rate(string dataset, int features, double positiveRate)
    {
        var rows = ManufacturingDatasets.Generate(dataset, 5_000, seed: 42);

        Assert.All(rows, r => Assert.Equal(features, r.Features.Length));
        Assert.Equal(features, ManufacturingDatasets.FeatureCount(dataset));
        // The threshold is the (1 - rate) quantile of the risk, so the share of positives is the rate up to one row.
        Assert.InRange(rows.Count(r => r.Label) / 5_000.0, positiveRate - 0.0002, positiveRate + 0.0002);
    }

    [Theory]
    [InlineData("line-optimization")]
    [InlineData("inspection-images")]
    [InlineData("sensor-sequences")]
    public void Rows_are_the_same_for_the_same_seed_and_differ_for_another(string dataset)
    {
        var a = ManufacturingDatasets.Generate(dataset, 200, seed: 7);
        var b = ManufacturingDatasets.Generate(dataset, 200, seed: 7);
        var c = ManufacturingDatasets.Generate(dataset, 200, seed: 8);

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

    [Theory]
    [InlineData("quality-control", new long[] { 8 }, 8)]
    [InlineData("inspection-images", new long[] { 1, 32, 32 }, 1)]
    [InlineData("sensor-sequences", new long[] { 32, 4 }, 4)]
    public void Each_dataset_has_its_sample_shape_and_standardization_channels(string dataset, long[] shape, int channels)
    {
        Assert.Equal(shape, ManufacturingDatasets.SampleShape(dataset));
        Assert.Equal(channels, ManufacturingDatasets.Channels(dataset));
        Assert.Equal([48, 4], ManufacturingDatasets.SampleShape(ManufacturingDatasets.SensorSequences, 48));
        Assert.Equal(48 * 4, ManufacturingDatasets.Generate(ManufacturingDatasets.SensorSequences, 10, seed: 1, sequenceLength: 48)[0].Features.Length);
    }

    [Fact]
    public void Inspection_images_are_grey_values_and_a_defect_stands_out_beyond_the_noise()
    {
        var rows = ManufacturingDatasets.Generate(ManufacturingDatasets.InspectionImages, 2_000, seed: 42);

        Assert.All(rows, r => Assert.All(r.Features, v => Assert.InRange(v, 0f, 1f)));
        // The largest departure from the image's mean: noise, gradient and stripes reach about 0.3; a defect adds 0.25-0.5.
        static double Extreme(ManufacturingRow r) => r.Features.Max(v => Math.Abs(v - r.Features.Average()));
        Assert.True(rows.Where(r => r.Label).Average(Extreme) > rows.Where(r => !r.Label).Average(Extreme) + 0.1);
    }

    [Fact]
    public void Failing_sensor_windows_rise_over_the_window_and_healthy_ones_do_not()
    {
        var rows = ManufacturingDatasets.Generate(ManufacturingDatasets.SensorSequences, 2_000, seed: 42);

        // Vibration (channel 0) in the last quarter of the window minus the first quarter.
        static double Rise(ManufacturingRow r) =>
            Enumerable.Range(24, 8).Average(t => r.Features[t * 4]) - Enumerable.Range(0, 8).Average(t => r.Features[t * 4]);
        Assert.True(rows.Where(r => r.Label).Average(Rise) > 2.0);
        Assert.InRange(rows.Where(r => !r.Label).Average(Rise), -0.5, 1.0);
    }

    [Theory]
    [InlineData("quality-control", 8)]
    [InlineData("inspection-images", 1)]
    [InlineData("sensor-sequences", 4)]
    public void Standardized_training_values_have_mean_0_and_standard_deviation_1_in_every_channel(string dataset, int channels)
    {
        var split = StandardizedSplit.Create(dataset, 600, seed: 3);
        var values = split.TrainInputs.ToArray();

        Assert.Equal(480, split.TrainCount);
        for (var c = 0; c < channels; c++)
        {
            var channel = values.Where((_, i) => i % channels == c).Select(v => (double)v).ToArray();
            var mean = channel.Average();
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, Math.Sqrt(channel.Average(v => (v - mean) * (v - mean))), 4);
        }
    }
}
