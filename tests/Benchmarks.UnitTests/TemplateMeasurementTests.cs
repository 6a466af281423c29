using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.UnitTests;

/// <summary>
/// The full-size template runs kept in docs/measurements (docs/benchmarking.md, "Template profiles at full size"): what
/// the docs quote from them holds in the files.
/// </summary>
public class TemplateMeasurementTests
{
    [Theory]
    [InlineData("visual-inspection-cpu-20261203-153722-fe26d421", "lenet5", "inspection-images", 64)]
    [InlineData("predictive-maintenance-cpu-20261203-153938-35b688ca", "lstm-classifier", "sensor-sequences", 64)]
    [InlineData("line-optimization-cpu-20261203-154258-0528040f", "mlp", "line-optimization", 256)]
    [InlineData("visual-inspection-cpu-20261203-201406-e8c688bc", "lenet5", "inspection-images", 64)]
    [InlineData("predictive-maintenance-cpu-20261203-201434-da5a159a", "lstm-classifier", "sensor-sequences", 64)]
    [InlineData("line-optimization-cpu-20261203-201504-6e7fd172", "mlp", "line-optimization", 256)]
    public void A_full_size_template_run_measured_its_trained_model_at_fp32_and_int8_with_the_auc_of_each(string file, string model, string dataset, int batch)
    {
        var run = BenchmarkResultsJson.Read(Path.Combine(AppContext.BaseDirectory, "measurements", file + ".json"));

        Assert.False(run.Partial);
        Assert.Empty(run.Skipped);
        var training = Assert.Single(run.Results, r => r.Task == BenchmarkResult.Training && r.Model == model && r.Preset == dataset);
        Assert.True(training.TimeToTargetSeconds > 0 && training.Auc >= training.TargetAuc, training.TimeToTargetNote);
        var inference = run.Results.Where(r => r.Task == BenchmarkResult.Inference && r.Model == model && r.Preset == dataset).ToList();
        Assert.Equal([(1, "fp32"), (batch, "fp32"), (1, "int8"), (batch, "int8")], inference.Select(r => (r.BatchSize, r.Precision)));
        // fp32 is the model the training loop scored; int8 moved its held-out AUC by less than 0.001.
        Assert.All(inference.Where(r => r.Precision == "fp32"), r => Assert.Equal(training.Auc!.Value, r.Auc!.Value, 9));
        Assert.All(inference.Where(r => r.Precision == "int8"), r => Assert.Equal(training.Auc!.Value, r.Auc!.Value, 0.001));
    }
}
