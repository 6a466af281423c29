using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.IntegrationTests;

public class ReferenceModelTests
{
    public static TheoryData<string, string, string> SmallModels() => new()
    {
        { "mlp", "mnist", "fp32" },
        { "mlp", "mnist", "int8" },
        { "mlp", "small", "fp32" },
        { "lenet5", "classic", "fp32" },
        { "resnet", "tiny", "fp32" },
        { "resnet", "tiny", "int8" },
        { "lstm-classifier", "tiny", "fp32" },
        { "text-classifier", "classic", "fp32" },
        { "transformer-encoder", "tiny", "fp32" },
        { "transformer-encoder", "tiny", "int8" },
        { "gpt-decoder", "tiny", "fp32" },
    };

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void Small_presets_run_in_onnx_runtime_with_the_declared_output_shapes(string name, string preset, string precisionName)
    {
        Assert.True(PrecisionNames.TryParse(precisionName, out var precision));
        var model = ModelCatalog.Get(name);
        var built = model.Build(preset, precision);
        var shape = new WorkloadShape(3, model.HasSequence ? 8 : 1, model.HasKvCache ? 4 : 0);
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings());
        using var prepared = new PreparedInference(built, shape, options, seed: 7);

        using var outputs = prepared.Session.Run(prepared.RunOptions, prepared.InputNames, prepared.InputValues, prepared.OutputNames);

        for (var i = 0; i < built.Outputs.Count; i++)
        {
            Assert.Equal(built.Outputs[i].Shape(shape), outputs[i].GetTensorTypeAndShape().Shape);
            Assert.All(outputs[i].GetTensorDataAsSpan<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
        }
        Assert.True(model.FlopsPerSample(preset, precision, shape) > 0);
    }

    public static TheoryData<string, string, string> EveryPresetAndPrecision()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var model in ModelCatalog.All)
        {
            foreach (var preset in model.Presets)
            {
                foreach (var precision in model.Precisions)
                {
                    data.Add(model.Name, preset, precision.ToName());
                }
            }
        }
        return data;
    }

    /// <summary>Presets up to this size are built and loaded; bigger ones (ResNet-18, BERT-base, GPT-2 small, 4096-wide MLP) are checked at graph level to keep the suite fast.</summary>
    private const long LoadLimitBytes = 20L * 1024 * 1024;

    [Theory]
    [MemberData(nameof(EveryPresetAndPrecision))]
    public void Every_preset_counts_flops_and_parameters_and_loads_in_onnx_runtime_when_small(string name, string preset, string precisionName)
    {
        Assert.True(PrecisionNames.TryParse(precisionName, out var precision));
        var model = ModelCatalog.Get(name);
        var shape = new WorkloadShape(1, model.DefaultSequenceLength, model.HasKvCache ? 16 : 0);

        var parameterBytes = model.ParameterBytes(preset, precision);
        Assert.True(model.FlopsPerSample(preset, precision, shape) > 0);
        Assert.True(parameterBytes > 0);
        if (parameterBytes > LoadLimitBytes)
        {
            return;
        }
        var built = model.Build(preset, precision);
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings());
        using var session = new InferenceSession(built.OnnxBytes, options);
        Assert.Equal(built.Inputs.Select(i => i.Name), session.InputMetadata.Keys);
        Assert.Equal(built.Outputs.Select(o => o.Name), session.OutputMetadata.Keys);
        Assert.Equal(parameterBytes, built.ParameterBytes);
    }

    [Fact]
    public void Flop_counts_match_the_published_sizes_of_the_big_presets()
    {
        // ResNet-18 is 1.8 G multiply-accumulates per 224x224 image; BERT-base at 128 tokens about 11.2 G MACs;
        // GPT-2 small has 124 M parameters.
        var resnet = new ResNetModel().FlopsPerSample("resnet18", Precision.Fp32, new WorkloadShape(1));
        Assert.InRange(resnet / 2, 1.7e9, 1.9e9);
        var bert = new TransformerEncoderModel().FlopsPerSample("base", Precision.Fp32, new WorkloadShape(1, 128));
        Assert.InRange(bert / 2, 10.5e9, 11.5e9);
        var gptParameters = new GptDecoderModel().ParameterBytes("small", Precision.Fp32) / 4.0;
        Assert.InRange(gptParameters, 124e6, 165e6);
        var mlp = new MlpModel().FlopsPerSample("mnist", Precision.Fp32, new WorkloadShape(1));
        Assert.Equal(2.0 * ((784 * 128) + (128 * 10)), mlp);
    }

    [Fact]
    public void Int8_resnet_gives_nearly_the_fp32_logits_of_the_same_weights()
    {
        // The int8 model quantizes the fp32 model's weights (same seed, same draw order), so its logits are the fp32
        // logits up to rounding: close in direction (cosine) and in size.
        var shape = new WorkloadShape(2);
        var fp32 = Logits(Precision.Fp32);
        var int8 = Logits(Precision.Int8);
        var dot = fp32.Zip(int8, (a, b) => (double)a * b).Sum();
        var cosine = dot / Math.Sqrt(fp32.Sum(a => (double)a * a) * int8.Sum(b => (double)b * b));
        Assert.InRange(cosine, 0.98, 1.0);
        Assert.NotEqual(fp32, int8);

        float[] Logits(Precision precision)
        {
            var built = new ResNetModel().Build("tiny", precision);
            using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings());
            using var prepared = new PreparedInference(built, shape, options, seed: 7);
            using var outputs = prepared.Session.Run(prepared.RunOptions, prepared.InputNames, prepared.InputValues, prepared.OutputNames);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
    }

    [Theory]
    [InlineData("tiny", 182_528)]
    [InlineData("small", 163_087_441)]
    public void Decoder_preset_parameter_counts_are_the_models_catalog_rows_the_evidence_guard_falls_back_on(string preset, long parameters)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "data", "catalog", "model-shapes.csv")))
        {
            directory = directory.Parent;
        }
        var row = File.ReadLines(Path.Combine(directory.FullName, "data", "catalog", "model-shapes.csv"))
            .Single(line => line.StartsWith($"gpt-decoder-{preset},", StringComparison.Ordinal));

        Assert.Equal(parameters, new GptDecoderModel().ParameterCount(preset));
        Assert.Equal(parameters, long.Parse(row.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
