namespace Planner.CostModel.Projection;

/// <summary>Training compute rules of thumb (Kaplan et al. 2020; Hoffmann et al. 2022; EleutherAI "Transformer Math 101").</summary>
public static class TrainingCompute
{
    /// <summary>C ≈ 6 N D FLOPs: forward 2 N D plus backward 4 N D, for N parameters trained on D tokens.</summary>
    public static double Flops(double parameters, double tokens) => 6 * parameters * tokens;

    /// <summary>Chinchilla-optimal training tokens, D ≈ 20 N.</summary>
    public static double ChinchillaTokens(double parameters) => 20 * parameters;
}
