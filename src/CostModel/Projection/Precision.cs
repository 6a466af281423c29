namespace Planner.CostModel.Projection;

/// <summary>
/// A number format of one tensor class in a projection: the weights, the activations (the format the matrix products
/// compute in) or the KV cache each have their own (<see cref="TensorPrecisions"/>).
/// </summary>
public enum Precision
{
    Fp32,
    Bf16,
    Fp16,
    Fp8,
    Int8,

    /// <summary>4-bit integer weights with a 16-bit scale per group of 128 (AWQ, GPTQ): weight-only, the products run in the activations' format.</summary>
    Int4,

    /// <summary>4-bit floating point with an 8-bit scale per block of 16 values (NVFP4, Blackwell and later).</summary>
    Fp4,
}

public static class Precisions
{
    /// <summary>
    /// Bytes per value, block scales included: int4 stores 0.5 byte plus a 2-byte scale per group of 128 (AWQ and GPTQ
    /// with group size 128) = 0.515625; fp4 stores 0.5 byte plus a 1-byte fp8 scale per block of 16 (NVFP4) = 0.5625.
    /// </summary>
    public static double BytesPerValue(Precision precision) => precision switch
    {
        Precision.Fp32 => 4,
        Precision.Bf16 or Precision.Fp16 => 2,
        Precision.Fp8 or Precision.Int8 => 1,
        Precision.Int4 => 0.5 + 2.0 / 128,
        Precision.Fp4 => 0.5 + 1.0 / 16,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    public static string Name(Precision precision) => precision.ToString().ToLowerInvariant();

    /// <summary>The names <see cref="Parse"/> accepts, for messages and help texts.</summary>
    public const string Names = "fp32, bf16, fp16, fp8, int8, int4, fp4";

    /// <exception cref="InputException">Not one of <see cref="Names"/>.</exception>
    public static Precision Parse(string text, string field = "precision")
    {
        if (Enum.TryParse<Precision>(text, ignoreCase: true, out var precision) && Enum.IsDefined(precision)
            && !text.All(char.IsDigit))
        {
            return precision;
        }
        throw new InputException(InputProblem.At(field, Text.ProblemPhrases.OneOf(Names, text)));
    }
}
