using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>The manufacturing templates' profiles, run end to end at quick size on the CPU.</summary>
public class TemplateProfileTests
{
    [Theory]
    [InlineData("visual-inspection", "lenet5", "inspection-images", "quality-control", "resnet")]
    [InlineData("predictive-maintenance", "lstm-classifier", "sensor-sequences", "predictive-maintenance", "mlp")]
    [InlineData("line-optimization", "mlp", "line-optimization", "line-optimization", "mlp")]
    public async Task A_template_profile_trains_evaluates_and_measures_inference_at_fp32_and_int8(string name, string model, string dataset, string mlNetDataset,
        string int8Model)
    {
        var run = await new BenchmarkEngine().RunAsync(QuickSize.Of(ProfileLoader.Load(name)), DeviceRequest.Cpu);

        Assert.False(run.Partial);
        Assert.Empty(run.Skipped);
        var onnx = Assert.Single(run.Results, r => r.Task == BenchmarkResult.Training && r.Model == model && r.Preset == dataset);
        Assert.Equal(QuickSize.MaxRows * 4 / 5, onnx.Rows);
        Assert.Equal(model == TrainableModels.Lstm ? QuickSize.MaxSequenceLength : null, onnx.SequenceLength);
        Assert.NotNull(onnx.Loss);
        // The template's model learns the dataset's hidden rule: well above chance on the held-out rows.
        Assert.InRange(onnx.Auc!.Value, 0.65, 1.0);
        Assert.True(onnx.TimeToTargetSeconds is > 0 || onnx.TimeToTargetNote!.StartsWith("target AUC", StringComparison.Ordinal));
        Assert.Contains(run.Results, r => r.Task == BenchmarkResult.Training && r.Preset == mlNetDataset && !TrainableModels.Names.Contains(r.Model) && r.Auc > 0.7);
        Assert.Contains(run.Results, r => r.Task == BenchmarkResult.Inference && r.Model == int8Model && r.Precision == "fp32");
        Assert.Contains(run.Results, r => r.Task == BenchmarkResult.Inference && r.Model == int8Model && r.Precision == "int8");
    }
}
