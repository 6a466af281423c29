namespace Planner.Benchmarks.Models;

/// <summary>Numeric precision of a reference model's weights and arithmetic.</summary>
public enum Precision
{
    /// <summary>32-bit float everywhere.</summary>
    Fp32,

    /// <summary>16-bit float activations and weights; only run where the execution provider has fp16 kernels (CUDA).</summary>
    Fp16,

    /// <summary>Dynamically quantized: int8 MatMul/Gemm weights, activations quantized per run (MatMulInteger).</summary>
    Int8,
}

/// <summary>The names precisions have in profiles, results and the CLI.</summary>
public static class PrecisionNames
{
    public static IReadOnlyList<string> All { get; } = ["fp32", "fp16", "int8"];

    public static string ToName(this Precision precision) => precision switch
    {
        Precision.Fp32 => "fp32",
        Precision.Fp16 => "fp16",
        Precision.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    public static bool TryParse(string? name, out Precision precision)
    {
        switch (name)
        {
            case "fp32": precision = Precision.Fp32; return true;
            case "fp16": precision = Precision.Fp16; return true;
            case "int8": precision = Precision.Int8; return true;
            default: precision = Precision.Fp32; return false;
        }
    }
}
