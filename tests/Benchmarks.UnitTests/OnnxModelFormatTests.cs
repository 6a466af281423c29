using System.Security.Cryptography;
using Google.Protobuf;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;
using Planner.Benchmarks.Onnx.Proto;

namespace Planner.Benchmarks.UnitTests;

public class OnnxModelFormatTests
{
    [Fact]
    public void Built_model_declares_ir_opset_dynamic_batch_and_raw_weights()
    {
        var built = new MlpModel().Build("mnist", Precision.Fp32);

        var model = ModelProto.Parser.ParseFrom(built.OnnxBytes);

        Assert.Equal(GraphBuilder.IrVersion, model.IrVersion);
        Assert.Equal(GraphBuilder.OpsetVersion, Assert.Single(model.OpsetImport).Version);
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal("batch", input.Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(784, input.Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal(["Gemm", "Relu", "Gemm", "Identity"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(built.ParameterBytes, model.Graph.Initializer.Sum(t => (long)t.RawData.Length));
        Assert.Equal((784 + 1 + 10) * 128 * 4L + (10 * 4L), built.ParameterBytes);
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_other_weights()
    {
        var model = new MlpModel();

        Assert.Equal(model.Build("mnist", Precision.Fp32, seed: 1).OnnxBytes, model.Build("mnist", Precision.Fp32, seed: 1).OnnxBytes);
        Assert.NotEqual(model.Build("mnist", Precision.Fp32, seed: 1).OnnxBytes, model.Build("mnist", Precision.Fp32, seed: 2).OnnxBytes);
    }

    /// <summary>SHA-256 of models exported by `planner bench export` before weights were streamed (main at 7704e5c).</summary>
    [Theory]
    [InlineData("mlp", "mnist", Precision.Fp32, "6384d9300aacb8404dc8bbebcb48b31e86440e1b73dc6c073e52582f922c6c0a")]
    [InlineData("mlp", "mnist", Precision.Int8, "d7fd8542c9f49d4c2a2cf654c88d704cb8483e10c3564ea75b0a4d9db977e915")]
    [InlineData("gpt-decoder", "tiny", Precision.Fp32, "f137ee0646262f19077cef38ec528014080dd1cc92df9d94e79ea665ba33d64f")]
    [InlineData("transformer-encoder", "tiny", Precision.Int8, "a59689fc2c989e46f97a626fccb7ad0f065c3964933fe101ff00f5331b290d87")]
    [InlineData("resnet", "tiny", Precision.Fp32, "8884be810e99ed9e2aaaf6ea01aafdcfb7a4a50755ede2604ffae5cf1304e451")]
    public void Streamed_weights_give_the_same_bytes_as_the_builder_that_held_them(string name, string preset, Precision precision, string sha256)
    {
        var graph = ModelCatalog.Get(name).Define(preset, precision);
        using var stream = new MemoryStream();

        graph.WriteTo(stream);

        var bytes = stream.ToArray();
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(graph.OnnxLength, bytes.Length);
        // What Google.Protobuf itself writes for the same model.
        Assert.Equal(bytes, ModelProto.Parser.ParseFrom(bytes).ToByteArray());
    }

    [Fact]
    public void Shape_hash_is_stable_for_a_model_and_changes_with_preset_precision_seed_and_serving_variant()
    {
        var mlp = new MlpModel();
        var hash = mlp.Define("mnist", Precision.Fp32, seed: 1).ShapeHash;

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(hash, mlp.Define("mnist", Precision.Fp32, seed: 1).ShapeHash);
        Assert.Equal(5, new[]
        {
            hash,
            mlp.Define("mnist", Precision.Fp32, seed: 2).ShapeHash,
            mlp.Define("small", Precision.Fp32, seed: 1).ShapeHash,
            mlp.Define("mnist", Precision.Int8, seed: 1).ShapeHash,
            new GptDecoderModel().Define("tiny", Precision.Fp32).ShapeHash == GptDecoderModel.ForServing().Define("tiny", Precision.Fp32).ShapeHash ? hash : "distinct",
        }.Distinct().Count());
    }

    [Fact]
    public void A_model_graph_is_written_once_because_writing_draws_its_weights()
    {
        var graph = new MlpModel().Define("mnist", Precision.Fp32);
        graph.WriteTo(Stream.Null);

        var error = Assert.Throws<InvalidOperationException>(() => graph.WriteTo(Stream.Null));

        Assert.Contains("written already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Int8_model_uses_dynamic_quantization_ops_with_int8_weights()
    {
        var model = ModelProto.Parser.ParseFrom(new MlpModel().Build("mnist", Precision.Int8).OnnxBytes);

        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "DynamicQuantizeLinear"));
        Assert.Contains(model.Graph.Initializer, t => t.Name == "fc0.weight_quantized" && t.DataType == (int)OnnxDataType.Int8 && t.RawData.Length == 784 * 128);
    }

    [Fact]
    public void LeNet5_training_flops_are_three_passes_of_each_layer_less_the_first_convolutions_input_gradient()
    {
        var graph = TrainableModels.Build(TrainableModels.LeNet5, "inspection-images");

        // Forward: conv1 2·6·1·5²·28², conv2 2·16·6·5²·10², dense 2·(400·120 + 120·84 + 84·2); the backward pass repeats
        // each for the weight gradient and for the input gradient, except conv1's input (the image) = 2,259,888.
        const double conv1 = 2.0 * 6 * 25 * 28 * 28;
        const double conv2 = 2.0 * 16 * 6 * 25 * 10 * 10;
        const double dense = 2.0 * ((400 * 120) + (120 * 84) + (84 * 2));
        Assert.Equal((2 * conv1) + (3 * conv2) + (3 * dense), graph.FlopsPerSample);
        Assert.Equal(2_259_888, graph.FlopsPerSample);
    }

    [Fact]
    public void Training_flops_are_forward_plus_weight_and_input_gradients()
    {
        var graph = MlpTrainingGraph.Build("small");
        var forward = new MlpModel().FlopsPerSample("small", Precision.Fp32, new WorkloadShape(1));

        // Three layers: every layer has a weight gradient, all but the first an input gradient.
        var firstLayer = 2.0 * 784 * 512;
        Assert.Equal((3 * forward) - firstLayer, graph.FlopsPerSample);
    }
}
