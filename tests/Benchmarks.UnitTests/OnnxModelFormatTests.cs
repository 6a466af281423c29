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

    [Fact]
    public void Int8_model_uses_dynamic_quantization_ops_with_int8_weights()
    {
        var model = ModelProto.Parser.ParseFrom(new MlpModel().Build("mnist", Precision.Int8).OnnxBytes);

        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
        Assert.Equal(2, model.Graph.Node.Count(n => n.OpType == "DynamicQuantizeLinear"));
        Assert.Contains(model.Graph.Initializer, t => t.Name == "fc0.weight_quantized" && t.DataType == (int)OnnxDataType.Int8 && t.RawData.Length == 784 * 128);
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
