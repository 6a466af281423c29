using System.Text.RegularExpressions;

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
/// option that runs on GPUs, and a GPU's for an option whose GPU is of another class (<see cref="GpuClass"/>).
/// </summary>
public static partial class EvidenceGuard
{
    private static readonly string[] VendorWords = ["NVIDIA", "AMD", "INSTINCT", "TESLA", "GEFORCE", "QUADRO", "INTEL", "HABANA", "RADEON"];

    /// <summary>
    /// A GPU's class, for telling whether two names are the same chip: the name in capitals without vendor words, its
    /// first word that holds a digit ("NVIDIA H100 80GB HBM3" and "H100 SXM" are both H100; "L40S", "MI300X",
    /// "A10G", "RTX 6000 Ada" → 6000). Memory sizes (80GB) and form factors (SXM, PCIe) do not count.
    /// </summary>
    public static string GpuClass(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = WordPattern().Matches(name.ToUpperInvariant()).Select(m => m.Value)
            .Where(w => !VendorWords.Contains(w, StringComparer.Ordinal))
            .ToList();
        return words.FirstOrDefault(w => w.Any(char.IsAsciiDigit) && !MemoryPattern().IsMatch(w))
            ?? string.Join(' ', words);
    }

    /// <summary>
    /// Why <paramref name="evidence"/> cannot supply the throughput of option <paramref name="optionId"/>, whose GPU is
    /// <paramref name="optionGpu"/> (a catalog name; null when the option names none), as a problem at
    /// <paramref name="path"/> (the option's <c>throughputFrom</c>); null when it may.
    /// </summary>
    public static InputProblem? Check(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var runsOn = optionGpu is null ? "runs on GPUs" : $"runs on {optionGpu}";
        if (!evidence.Gpu)
        {
            return InputProblem.At(path, $"is refused: {what} was measured on a CPU ({evidence.Name}), and option '{optionId}' {runsOn}; "
                + "a CPU's throughput says nothing about a GPU's. Use a run measured on " + (optionGpu ?? "the option's GPU") + ", or a projection");
        }
        if (optionGpu is not null && GpuClass(evidence.Name) != GpuClass(optionGpu))
        {
            return InputProblem.At(path, $"is refused: {what} is for a {GpuClass(evidence.Name)} ({evidence.Name}), and option '{optionId}' {runsOn} "
                + $"(a {GpuClass(optionGpu)}); throughput does not carry from one GPU class to another. Use a run measured on, or a projection for, {optionGpu}");
        }
        return null;
    }

    [GeneratedRegex("[A-Z0-9]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex("^[0-9]+(GB|G|TB)$")]
    private static partial Regex MemoryPattern();
}
