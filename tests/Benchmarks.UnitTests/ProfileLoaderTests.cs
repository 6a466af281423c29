using Planner.Benchmarks.Profiles;
using Planner.CostModel;

namespace Planner.Benchmarks.UnitTests;

public class ProfileLoaderTests
{
    [Theory]
    [InlineData("smoke")]
    [InlineData("quick")]
    [InlineData("standard")]
    [InlineData("llm")]
    [InlineData("training")]
    [InlineData("serving")]
    [InlineData("visual-inspection")]
    [InlineData("predictive-maintenance")]
    [InlineData("line-optimization")]
    public void Shipped_profiles_are_valid(string name)
    {
        var profile = ProfileLoader.Load(name);

        Assert.Equal(name, profile.Name);
        Assert.Empty(ProfileLoader.Problems(profile));
    }

    [Fact]
    public void Smoke_profile_has_inference_and_training()
    {
        var smoke = ProfileLoader.Load("smoke");

        Assert.NotEmpty(smoke.Inference);
        Assert.NotEmpty(smoke.OnnxTraining);
        Assert.NotEmpty(smoke.MlNetTraining);
    }

    [Theory]
    [InlineData("""{"name":"x","inference":[{"model":"mlp","batchSizes":[1,0]}]}""", "inference[0].batchSizes[1]: must be between 1 and 65536, got 0.")]
    [InlineData("""{"name":"x","inference":[{"model":"alexnet"}]}""", "inference[0].model: 'alexnet' is unknown")]
    [InlineData("""{"name":"x","inference":[{"model":"lenet5","precisions":["int8"]}]}""", "inference[0].precisions: 'int8' is not available for lenet5; allowed: fp32.")]
    [InlineData("""{"name":"x","inference":[{"model":"mlp","preset":"huge"}]}""", "inference[0].preset: 'huge' is not a preset of mlp")]
    [InlineData("""{"name":"x","inference":[{"model":"mlp","sequenceLength":8}]}""", "inference[0].sequenceLength: mlp has no sequence dimension")]
    [InlineData("""{"name":"x","measurement":{"maxCv":0},"inference":[{"model":"mlp"}]}""", "measurement.maxCv: must be above 0 and at most 100, got 0.")]
    [InlineData("""{"name":"x","device":"tpu","inference":[{"model":"mlp"}]}""", "device: 'tpu' is not allowed; allowed: auto, cpu, cuda.")]
    [InlineData("""{"name":"x","mlNetTraining":[{"dataset":"wafers"}]}""", "mlNetTraining[0].dataset: 'wafers' is unknown")]
    [InlineData("""{"name":"x","mlNetTraining":[{"dataset":"quality-control","targetAuc":1.5}]}""", "mlNetTraining[0].targetAuc: must be above 0.5 and below 1, got 1.5.")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"resnet"}]}""", "onnxTraining[0].model: 'resnet' has no training graph; allowed: mlp, lenet5, lstm-classifier.")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"lenet5"}]}""", "onnxTraining[0].dataset: model 'lenet5' trains on a dataset; give one of inspection-images.")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"lenet5","dataset":"quality-control"}]}""", "onnxTraining[0].dataset: model 'lenet5' trains on images (inspection-images); 'quality-control' holds tabular rows.")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"mlp","dataset":"sensor-sequences"}]}""", "onnxTraining[0].dataset: model 'mlp' trains on tabular rows")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"lstm-classifier","dataset":"sensor-sequences","sequenceLength":1}]}""", "onnxTraining[0].sequenceLength: must be between 2 and 512, got 1.")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","sequenceLength":16}]}""", "onnxTraining[0].sequenceLength: only for a sequence dataset (sensor-sequences).")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"lenet5","dataset":"inspection-images","rows":200000}]}""", "onnxTraining[0].rows: must be between 500 and 97656, got 200000.")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"wafers"}]}""", "onnxTraining[0].dataset: 'wafers' is unknown")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","preset":"mnist"}]}""", "onnxTraining[0].preset: give either a preset or a dataset, not both")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","maxEpochs":0}]}""", "onnxTraining[0].maxEpochs: must be between 1 and 1000, got 0.")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","rows":1000,"batchSizes":[1024]}]}""", "onnxTraining[0].batchSizes: each must be at most the 800 training rows")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","targetAuc":0.5}]}""", "onnxTraining[0].targetAuc: must be above 0.5 and below 1, got 0.5.")]
    [InlineData("""{"name":"x","onnxTraining":[{"model":"mlp","inference":{"precisions":["fp32"]}}]}""", "onnxTraining[0].inference: only for training on a dataset")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","inference":{"precisions":["fp16"]}}]}""", "onnxTraining[0].inference.precisions: 'fp16' is not available for a trained model; allowed: fp32, int8.")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","inference":{"precisions":[]}}]}""", "onnxTraining[0].inference.precisions: list at least one of fp32, int8.")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","inference":{"precisions":["int8","int8"]}}]}""", "onnxTraining[0].inference.precisions: each precision once.")]
    [InlineData("""{"name":"x","onnxTraining":[{"dataset":"quality-control","inference":{"batchSizes":[0]}}]}""", "onnxTraining[0].inference.batchSizes[0]: must be between 1 and 65536, got 0.")]
    [InlineData("""{"name":"x"}""", "the profile measures nothing")]
    [InlineData("""{"name":"x","inference":[{"model":"mlp","batchSizes":"one"}]}""", "field $.inference[0].batchSizes")]
    [InlineData("""{"name":"x","inference":[{"model":"mlp","batch":4}]}""", "field $.inference[0].batch")]
    public void Invalid_profiles_are_rejected_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<InputException>(() => ProfileLoader.Parse(json, "test.json"));

        Assert.Contains(error.Lines, p => p.StartsWith("profile test.json: ", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_profile_name_lists_the_shipped_ones()
    {
        var error = Assert.Throws<InputException>(() => ProfileLoader.Load("no-such-profile"));

        Assert.Contains("smoke", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_serving_section_alone_is_a_profile_and_its_sweep_becomes_one_load_per_rate()
    {
        var profile = ProfileLoader.Parse("""{"name":"s","serving":{"rates":[0.5,2],"concurrencies":[4],"ttftMs":100,"itlMs":20}}""", "s.json");

        var loads = profile.Serving!.Loads(profile.Seed);

        Assert.Equal([0.5, 2.0, null], loads.Select(l => l.RatePerSecond));
        Assert.Equal(4, loads[2].Concurrency);
        Assert.Equal(new CostModel.Serving.ServingTargets(100, 20), profile.Serving.Targets);
    }

    [Fact]
    public void Serving_section_problems_name_the_profile_field()
    {
        var problems = Assert.Throws<InputException>(() => ProfileLoader.Parse(
            """{"name":"s","serving":{"preset":"huge","rates":[-1],"durationSeconds":0,"inputTokens":200,"outputTokens":100,"maxBatch":0,"ttftMs":5}}""", "s.json")).Lines;

        Assert.Contains("profile s.json: serving.ttftMs, serving.itlMs: give both targets or neither.", problems);
        Assert.Contains("profile s.json: serving.preset: 'huge' is not a preset of gpt-decoder; allowed: tiny, small.", problems);
        Assert.Contains("profile s.json: serving.rates: must be greater than 0 and at most 10000, got -1.", problems);
        Assert.Contains("profile s.json: serving.durationSeconds: must be greater than 0 and at most 3600 seconds, got 0.", problems);
        Assert.Contains("profile s.json: serving.maxBatch: must be between 1 and 1024, got 0.", problems);
    }

    [Theory]
    [InlineData("visual-inspection", "lenet5", "inspection-images", "quality-control")]
    [InlineData("predictive-maintenance", "lstm-classifier", "sensor-sequences", "predictive-maintenance")]
    [InlineData("line-optimization", "mlp", "line-optimization", "line-optimization")]
    public void Each_template_profile_trains_its_model_on_its_dataset_and_measures_that_model_at_fp32_and_int8(string name, string model, string onnxDataset, string mlNetDataset)
    {
        var profile = ProfileLoader.Load(name);

        Assert.Contains(profile.OnnxTraining, s => s.Model == model && s.Dataset == onnxDataset
            && s.Inference is { } inference && inference.Precisions.Contains("fp32") && inference.Precisions.Contains("int8"));
        Assert.Contains(profile.MlNetTraining, s => s.Dataset == mlNetDataset);
        // The inference measured is the trained model's, not another model of the family.
        Assert.Empty(profile.Inference);
    }

    [Fact]
    public void Quick_size_keeps_the_steps_and_shrinks_presets_rows_epochs_and_measurement()
    {
        var full = ProfileLoader.Load("visual-inspection") with
        {
            Inference = [new InferenceSpec { Model = "resnet", Preset = "resnet18", Precisions = ["fp32", "int8"], BatchSizes = [1, 32] }],
        };

        var quick = QuickSize.Of(full);

        Assert.Equal("visual-inspection-quick", quick.Name);
        Assert.Empty(ProfileLoader.Problems(quick));
        Assert.Equal("resnet18", full.Inference[0].Preset);
        Assert.Equal("tiny", quick.Inference[0].Preset);
        Assert.Equal(full.Inference[0].Precisions, quick.Inference[0].Precisions);
        Assert.Equal((QuickSize.MaxRows, QuickSize.MaxEpochs), (quick.OnnxTraining[0].Rows, quick.OnnxTraining[0].MaxEpochs));
        Assert.Equal(full.OnnxTraining[0].Inference, quick.OnnxTraining[0].Inference);
        Assert.Equal((QuickSize.MaxRows, 1), (quick.MlNetTraining[0].Rows, quick.MlNetTraining[0].Repetitions));
        Assert.Equal(2, quick.Measurement.MaxDurationSeconds);
        Assert.Equal(0, quick.BandwidthProbeMegabytes);
    }
}
