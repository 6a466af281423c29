namespace Planner.CostModel.Inputs;

/// <summary>
/// The device a throughput figure was measured or projected on: a CPU (<see cref="Gpu"/> false) or a GPU, by name
/// (NVML's "NVIDIA H100 80GB HBM3" or a catalog name such as "H100 SXM").
/// </summary>
public sealed record EvidenceDevice(bool Gpu, string Name)
{
    public static EvidenceDevice Cpu(string name) => new(false, name);

    public static EvidenceDevice OfGpu(string name) => new(true, name);
}

/// <summary>
/// The one rule for handing measured or projected throughput to a GPU option (its <c>throughputFrom</c>), applied when a
/// scenario's references are resolved, so the CLI, the HTTP API and the web hand-off all refuse the same evidence with the
/// same words (docs/methodology.md, "Which evidence an option accepts"): throughput measured on a CPU is refused for an
/// option that runs on GPUs, and a GPU's for an option whose GPU is another model (H100 and H200 are both Hopper, but
/// their throughput differs; <see cref="Projection.GpuClass.ModelOf"/>).
/// </summary>
public static class EvidenceGuard
{
    /// <summary>
    /// Why <paramref name="evidence"/> cannot supply the throughput of option <paramref name="optionId"/>, whose GPU is
    /// <paramref name="optionGpu"/> (a catalog name; null when the option names none), as a problem at
    /// <paramref name="path"/> (the option's <c>throughputFrom</c>); null when it may. <paramref name="what"/> names the
    /// evidence in the message ("run 'x'", "the projection").
    /// </summary>
    public static InputProblem? Check(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what) =>
        Check(path, optionId, optionGpu, evidence, what, "throughput", "a projection");

    /// <summary>
    /// The same rule for a training run's time, which supplies an option's <c>trainingGpuHoursPerRetrain</c> (its
    /// <c>trainingFrom</c>): time measured on a CPU is not GPU time, and one GPU model's training time is not another's.
    /// </summary>
    public static InputProblem? CheckTraining(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what) =>
        Check(path, optionId, optionGpu, evidence, what, "training time", null);

    private static InputProblem? Check(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what, string measure, string? otherSource)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var runsOn = optionGpu is null ? "runs on GPUs" : $"runs on {optionGpu}";
        var orOther = otherSource is null ? "" : ", or " + otherSource;
        if (!evidence.Gpu)
        {
            return InputProblem.At(path, $"is refused: {what} was measured on a CPU ({evidence.Name}), and option '{optionId}' {runsOn}; "
                + $"a CPU's {measure} says nothing about a GPU's. Use a run measured on " + (optionGpu ?? "the option's GPU") + orOther);
        }
        if (optionGpu is null || SameGpu(evidence.Name, optionGpu))
        {
            return null;
        }
        var (evidenceModel, optionModel) = (Projection.GpuClass.ModelOf(evidence.Name), Projection.GpuClass.ModelOf(optionGpu));
        var differ = evidenceModel is not null && optionModel is not null
            ? $"is for an {evidenceModel} ({evidence.Name}), and option '{optionId}' {runsOn} (an {optionModel})"
            : $"is for {evidence.Name}, and option '{optionId}' {runsOn}, which cannot be told to be the same GPU model";
        return InputProblem.At(path, $"is refused: {what} {differ}; {measure} does not carry from one GPU model to another. "
            + (otherSource is null ? $"Use a run measured on {optionGpu}" : $"Use a run measured on, or {otherSource} for, {optionGpu}"));
    }

    /// <summary>Whether two GPU names speak of the same model (<see cref="Projection.GpuClass.ModelOf"/>), or are the same name when either model is unknown.</summary>
    public static bool SameGpu(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (modelA, modelB) = (Projection.GpuClass.ModelOf(a), Projection.GpuClass.ModelOf(b));
        return modelA is not null && modelB is not null
            ? modelA == modelB
            : string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }
}
