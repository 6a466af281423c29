namespace Planner.CostModel.Serving;

/// <summary>
/// How long one step of a continuously batched decoder takes (docs/methodology.md, "Serving"):
/// a prefill of <c>n</c> prompt tokens takes <see cref="PrefillFixedSeconds"/> + <see cref="PrefillSecondsPerToken"/>·n;
/// a decode step that gives one token to each of <c>b</c> running sequences holding <c>k</c> tokens of KV cache
/// in all takes <see cref="DecodeFixedSeconds"/> + <see cref="DecodeSecondsPerSequence"/>·b + <see cref="DecodeSecondsPerKvToken"/>·k.
/// The serving simulator runs the scheduler against these step times instead of a model.
/// </summary>
public sealed record StepTimeModel(
    double PrefillFixedSeconds,
    double PrefillSecondsPerToken,
    double DecodeFixedSeconds,
    double DecodeSecondsPerSequence,
    double DecodeSecondsPerKvToken)
{
    /// <summary>Seconds to prefill <paramref name="promptTokens"/> tokens (all prompts of one prefill step together).</summary>
    public double PrefillSeconds(long promptTokens) => PrefillFixedSeconds + (PrefillSecondsPerToken * promptTokens);

    /// <summary>Seconds of one decode step over <paramref name="batchSize"/> sequences holding <paramref name="kvTokens"/> cached tokens in all.</summary>
    public double DecodeStepSeconds(int batchSize, long kvTokens) =>
        DecodeFixedSeconds + (DecodeSecondsPerSequence * batchSize) + (DecodeSecondsPerKvToken * kvTokens);
}

/// <summary>One measured prefill step: prompt tokens processed and its wall time.</summary>
public sealed record PrefillObservation(long PromptTokens, double Seconds);

/// <summary>One measured decode step: sequences in the batch, KV-cache tokens they held before the step, and its wall time.</summary>
public sealed record DecodeObservation(int BatchSize, long KvTokens, double Seconds);
