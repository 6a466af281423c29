using Microsoft.ML.OnnxRuntime;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.IntegrationTests;

public class Fp16ModelTests
{
    /// <summary>
    /// The fp16 graphs are exported and run on CUDA. ONNX Runtime's CPU provider can execute them
    /// only by inserting casts to fp32 (which is why benchmarks skip fp16 on CPU), but that is
    /// enough to check that the graphs are well formed and compute finite values.
    /// </summary>
    [Theory]
    [InlineData("mlp", "mnist")]
    [InlineData("transformer-encoder", "tiny")]
    public void Fp16_models_are_well_formed_and_compute_finite_values(string name, string preset)
    {
        var model = ModelCatalog.Get(name);
        var built = model.Build(preset, Precision.Fp16);
        var shape = new WorkloadShape(2, 8);
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings());
        using var prepared = new PreparedInference(built, shape, options, seed: 1);

        prepared.Run();

        var output = prepared.OutputValues[0];
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16, output.GetTensorTypeAndShape().ElementDataType);
        Assert.Equal(built.Outputs[0].Shape(shape), output.GetTensorTypeAndShape().Shape);
        Assert.All(output.GetTensorDataAsSpan<Float16>().ToArray(), v => Assert.True(float.IsFinite((float)v)));
    }
}
