using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>The manufacturing templates' profiles, run end to end at quick size on the CPU.</summary>
public class TemplateProfileTests
{
    [Theory]
    [InlineData("visual-inspection", "lenet5", "inspection-images", "quality-control")]
    [InlineData("predictive-maintenance", "lstm-classifier", "sensor-sequences", "predictive-maintenance")]
    [InlineData("line-optimization", "mlp", "line-optimization", "line-optimization")]
    public async Task A_template_profile_trains_evaluates_and_measures_the_trained_model_at_fp32_and_int8(string name, string model, string dataset, string mlNetDataset)
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
        // Each template's model reaches its profile's target AUC within the quick size's 5 epochs.
        Assert.True(onnx.TimeToTargetSeconds is > 0, onnx.TimeToTargetNote);
        Assert.True(onnx.Auc >= onnx.TargetAuc, onnx.TimeToTargetNote);
        Assert.Contains(run.Results, r => r.Task == BenchmarkResult.Training && r.Preset == mlNetDataset && !TrainableModels.Names.Contains(r.Model) && r.Auc > 0.7);

        // Inference runs the model the training step ended with: the same model and dataset, and at fp32 the held-out
        // AUC the training loop last measured (the same parameters through the same forward pass).
        var fp32 = run.Results.Where(r => r.Task == BenchmarkResult.Inference && r.Model == model && r.Preset == dataset && r.Precision == "fp32").ToList();
        var int8 = run.Results.Where(r => r.Task == BenchmarkResult.Inference && r.Model == model && r.Preset == dataset && r.Precision == "int8").ToList();
        Assert.NotEmpty(fp32);
        Assert.Equal(fp32.Select(r => r.BatchSize), int8.Select(r => r.BatchSize));
        Assert.All(fp32.Concat(int8), r => Assert.Equal(QuickSize.MaxRows / 5, r.Rows));
        Assert.All(fp32.Concat(int8), r => Assert.Equal(onnx.SequenceLength, r.SequenceLength));
        Assert.Equal(onnx.Auc!.Value, fp32[0].Auc!.Value, 4);
        // int8 keeps the ranking close to fp32's: quantization costs little quality on these models.
        Assert.InRange(int8[0].Auc!.Value, fp32[0].Auc!.Value - 0.05, 1.0);
        Assert.All(fp32.Concat(int8), r => Assert.True(r.Throughput.Value > 0));
    }
}
