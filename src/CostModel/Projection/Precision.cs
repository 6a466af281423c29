namespace Planner.CostModel.Projection;

/// <summary>The number format of weights, activations and KV cache in a projection.</summary>
public enum Precision
{
    Fp32,
    Bf16,
    Fp16,
    Fp8,
    Int8,
}

public static class Precisions
{
    public static double BytesPerValue(Precision precision) => precision switch
    {
        Precision.Fp32 => 4,
        Precision.Bf16 or Precision.Fp16 => 2,
        Precision.Fp8 or Precision.Int8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    public static string Name(Precision precision) => precision.ToString().ToLowerInvariant();

    /// <exception cref="InputException">Not one of fp32, bf16, fp16, fp8, int8.</exception>
    public static Precision Parse(string text, string field = "precision")
    {
        if (Enum.TryParse<Precision>(text, ignoreCase: true, out var precision) && Enum.IsDefined(precision)
            && !text.All(char.IsDigit))
        {
            return precision;
        }
        throw new InputException(InputProblem.At(field, $"must be one of fp32, bf16, fp16, fp8, int8 (got \"{text}\")"));
    }
}
