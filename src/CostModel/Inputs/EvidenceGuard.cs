using Planner.CostModel.Text;

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

/// <summary>What handed-over evidence supplies, as the guard's refusals name it.</summary>
public enum EvidenceMeasure
{
    /// <summary>Tokens per GPU-second (throughputFrom).</summary>
    Throughput,

    /// <summary>A serving run's fitted step times (capacityFrom).</summary>
    ServingStepTimes,

    /// <summary>A training run's time to target (trainingFrom).</summary>
    TrainingTime,
}

/// <summary>A model by name and total parameter count (null when not known), as the evidence guard compares them.</summary>
public sealed record EvidenceModel(string Name, double? Parameters);

/// <summary>What the model check concluded for evidence it did not refuse.</summary>
public enum ModelCheckOutcome
{
    /// <summary>The served model or the evidence's model size is not known: nothing was compared.</summary>
    Unchecked,

    /// <summary>The evidence's model passes the rule.</summary>
    Passed,

    /// <summary>The rule would refuse the evidence; the option's throughputFrom.overrideModelSize gives why it is used anyway.</summary>
    Overridden,
}

/// <summary>
/// The outcome of <see cref="EvidenceGuard.CheckModel"/>: a refusal (a problem at the option's throughputFrom), or the
/// note the evaluation records beside the throughput's origin ("model checked: ...", "model not checked: ...",
/// "model size overridden: ...").
/// </summary>
public sealed record ModelCheck(InputProblem? Refusal, ModelCheckOutcome Outcome, string Note);

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
    /// <param name="measure">What the evidence gives: throughput, or serving step times for a capacity.</param>
    public static InputProblem? Check(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what, EvidenceMeasure measure = EvidenceMeasure.Throughput) =>
        CheckDevice(path, optionId, optionGpu, evidence, what, measure, projectionInstead: true);

    /// <summary>
    /// The same rule for a training run's time, which supplies an option's <c>trainingGpuHoursPerRetrain</c> (its
    /// <c>trainingFrom</c>): time measured on a CPU is not GPU time, and one GPU model's training time is not another's.
    /// </summary>
    public static InputProblem? CheckTraining(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what) =>
        CheckDevice(path, optionId, optionGpu, evidence, what, EvidenceMeasure.TrainingTime, projectionInstead: false);

    // The refusals' wording (docs/decisions/033-one-table-of-cost-model-words.md): each clause that changes with the
    // measure is a phrase of its own, so that every language words it whole.
    private static readonly PhraseTemplate RefusedCpu = new("evidence.refusedCpu",
        "is refused: {0} was measured on a CPU ({1}), and option '{2}' {3}; {4}. Use a run measured on {5}");
    private static readonly PhraseTemplate RefusedOtherGpu = new("evidence.refusedOtherGpu",
        "is refused: {0} is for an {1} ({2}), and option '{3}' {4} (an {5}); {6}. {7}");
    private static readonly PhraseTemplate RefusedUnknownGpu = new("evidence.refusedUnknownGpu",
        "is refused: {0} is for {1}, and option '{2}' {3}, which cannot be told to be the same GPU model; {4}. {5}");
    private static readonly PhraseTemplate RunsOnGpus = new("evidence.runsOnGpus", "runs on GPUs");
    private static readonly PhraseTemplate RunsOn = new("evidence.runsOn", "runs on {0}");
    private static readonly PhraseTemplate TheOptionsGpu = new("evidence.theOptionsGpu", "the option's GPU");
    private static readonly PhraseTemplate GpuOrProjection = new("evidence.gpuOrProjection", "{0}, or a projection");
    private static readonly PhraseTemplate UseRunOn = new("evidence.useRunOn", "Use a run measured on {0}");
    private static readonly PhraseTemplate UseRunOrProjectionOn = new("evidence.useRunOrProjectionOn", "Use a run measured on, or a projection for, {0}");
    private static readonly PhraseTemplate CpuThroughput = new("evidence.cpuThroughput", "a CPU's throughput says nothing about a GPU's");
    private static readonly PhraseTemplate CpuStepTimes = new("evidence.cpuStepTimes", "a CPU's serving step times say nothing about a GPU's");
    private static readonly PhraseTemplate CpuTrainingTime = new("evidence.cpuTrainingTime", "a CPU's training time says nothing about a GPU's");
    private static readonly PhraseTemplate ThroughputStays = new("evidence.throughputStays", "throughput does not carry from one GPU model to another");
    private static readonly PhraseTemplate StepTimesStay = new("evidence.stepTimesStay", "serving step times do not carry from one GPU model to another");
    private static readonly PhraseTemplate TrainingTimeStays = new("evidence.trainingTimeStays", "training time does not carry from one GPU model to another");

    private static InputProblem? CheckDevice(string path, string optionId, string? optionGpu, EvidenceDevice evidence, string what, EvidenceMeasure measure, bool projectionInstead)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var runsOn = optionGpu is null ? RunsOnGpus.With() : RunsOn.With(optionGpu);
        if (!evidence.Gpu)
        {
            var cpuSays = measure switch
            {
                EvidenceMeasure.Throughput => CpuThroughput,
                EvidenceMeasure.ServingStepTimes => CpuStepTimes,
                EvidenceMeasure.TrainingTime => CpuTrainingTime,
            };
            object gpu = optionGpu is null ? TheOptionsGpu.With() : optionGpu;
            return InputProblem.At(path, RefusedCpu.With(what, evidence.Name, optionId, runsOn, cpuSays.With(), projectionInstead ? GpuOrProjection.With(gpu) : gpu));
        }
        if (optionGpu is null || SameGpu(evidence.Name, optionGpu))
        {
            return null;
        }
        var staysWithModel = (measure switch
        {
            EvidenceMeasure.Throughput => ThroughputStays,
            EvidenceMeasure.ServingStepTimes => StepTimesStay,
            EvidenceMeasure.TrainingTime => TrainingTimeStays,
        }).With();
        var use = (projectionInstead ? UseRunOrProjectionOn : UseRunOn).With(optionGpu);
        var (evidenceModel, optionModel) = (Projection.GpuClass.ModelOf(evidence.Name), Projection.GpuClass.ModelOf(optionGpu));
        return InputProblem.At(path, evidenceModel is not null && optionModel is not null
            ? RefusedOtherGpu.With(what, evidenceModel, evidence.Name, optionId, runsOn, optionModel, staysWithModel, use)
            : RefusedUnknownGpu.With(what, evidence.Name, optionId, runsOn, staysWithModel, use));
    }

    /// <summary>
    /// The largest ratio of the served model's parameters to a measured model's: throughput per GPU scales about inversely
    /// with parameters (docs/methodology.md, "Which evidence an option accepts"), so evidence from a model more than this
    /// many times smaller overstates throughput by more than this factor.
    /// </summary>
    public const double MaxSizeRatio = 2;

    /// <summary>
    /// How far apart a projection's parameter count and the served model's may be for a projection under another name to
    /// count as the served model (a re-release or fine-tune of the same shape: Llama 3.1 and 3.3 70B), as a ratio.
    /// </summary>
    public const double SameModelRatio = 1.05;

    /// <summary>
    /// Whether <paramref name="evidence"/>'s model may stand for the model the workload serves (<paramref name="served"/>;
    /// null when the workload names none): measured throughput (<paramref name="projection"/> false) is refused when the
    /// served model has more than <see cref="MaxSizeRatio"/> times its parameters; a projection is refused when it is of
    /// another model (another name, and parameters more than <see cref="SameModelRatio"/> apart). A refusal becomes an
    /// accepted, recorded assumption when <paramref name="overrideReason"/> (the option's throughputFrom.overrideModelSize)
    /// gives why. <paramref name="what"/> names the evidence ("run 'x'", "the projection").
    /// </summary>
    public static ModelCheck CheckModel(string path, string optionId, EvidenceModel? served, EvidenceModel evidence, bool projection, string what, string? overrideReason)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (served is null)
        {
            return new(null, ModelCheckOutcome.Unchecked,
                $"model not checked: the workload names no served model (workload.model), so {evidence.Name}'s size was not compared with it");
        }
        if (served.Parameters is not { } servedParameters || evidence.Parameters is not { } evidenceParameters)
        {
            var unknown = served.Parameters is null ? served.Name : evidence.Name;
            return new(null, ModelCheckOutcome.Unchecked, $"model not checked: the parameter count of {unknown} is not known, so {evidence.Name} was not compared with the served {served.Name}");
        }
        var pair = $"{evidence.Name} ({Parameters(evidenceParameters)} parameters) for the served {served.Name} ({Parameters(servedParameters)})";
        var ratio = servedParameters / evidenceParameters;
        Phrase? refusal;
        if (projection)
        {
            var sameModel = string.Equals(evidence.Name.Trim(), served.Name.Trim(), StringComparison.OrdinalIgnoreCase)
                || Math.Max(ratio, 1 / ratio) <= SameModelRatio;
            refusal = sameModel ? null
                : ProjectionOfAnotherModel.With(what, evidence.Name, Parameters(evidenceParameters), served.Name, Parameters(servedParameters));
        }
        else
        {
            refusal = ratio <= MaxSizeRatio ? null
                : SmallerModel.With(what, evidence.Name, Parameters(evidenceParameters), served.Name, Parameters(servedParameters), Ratio(ratio), optionId,
                    Ratio(MaxSizeRatio), Parameters(servedParameters / MaxSizeRatio));
        }
        if (refusal is null)
        {
            var unneeded = overrideReason is null ? "" : "; the overrideModelSize given is not needed";
            return new(null, ModelCheckOutcome.Passed, projection
                ? $"model checked: a projection of {pair}{unneeded}"
                : $"model checked: {pair}, at most {Ratio(MaxSizeRatio)} times smaller{unneeded}");
        }
        if (overrideReason is not null)
        {
            return new(null, ModelCheckOutcome.Overridden,
                $"model size overridden: {pair}{(projection ? "" : $", {Ratio(ratio)} times smaller")}, used because \"{overrideReason.Trim()}\"");
        }
        return new(InputProblem.At(path, ModelRefused.With(refusal, path)), ModelCheckOutcome.Unchecked, "");
    }

    private static readonly PhraseTemplate ProjectionOfAnotherModel = new("evidence.projectionOfAnotherModel",
        "{0} is of {1} ({2} parameters), and the workload serves {3} ({4}); a projection's throughput is its model's only. Project {3}");
    private static readonly PhraseTemplate SmallerModel = new("evidence.smallerModel",
        "{0} measured {1} ({2} parameters), and the workload serves {3} ({4}), {5} times larger; throughput per GPU falls about in proportion to parameters, "
        + "so it would overstate option '{6}''s throughput about {5}-fold (evidence may be at most {7} times smaller). "
        + "Use a run of a model of at least {8} parameters, or a projection of {3}");
    private static readonly PhraseTemplate ModelRefused = new("evidence.modelRefused", "is refused: {0}, or give {1}.overrideModelSize with the reason to use it anyway");

    /// <summary>A parameter count as people write it: "70.55B", "163.1M", "182,528".</summary>
    public static string Parameters(double parameters) => parameters switch
    {
        >= 1e9 => (parameters / 1e9).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (parameters / 1e6).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "M",
        _ => parameters.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Ratio(double ratio) =>
        ratio.ToString(ratio >= 10 ? "N0" : "0.##", System.Globalization.CultureInfo.InvariantCulture);

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
