using Planner.CostModel.Text;
using Planner.CostModel.Projection;

namespace Planner.CostModel.Serving;

/// <summary>
/// A replica's step-time model and KV-cache room taken from the per-operator projection (docs/methodology.md,
/// "Serving simulator"): the fit of the projected steps, and the KV tokens the replica holds = the largest batch that fits
/// × (input + output) tokens of the workload's request.
/// </summary>
public sealed record ProjectedStepTimes(StepTimeFit Fit, long KvCapacityTokens, int MaxBatchThatFits, Projection.Projection AtWorkload)
{
    private static readonly PhraseTemplate DoesNotFitTemplate = new("serving.doesNotFit", "does not fit: {0}");

    /// <summary>Batch sizes the decode step is projected at: powers of two up to the batch limit (and the limit).</summary>
    public static IReadOnlyList<int> DecodeBatches(int maxBatch)
    {
        var batches = new List<int>();
        for (var b = 1; b < maxBatch; b *= 2)
        {
            batches.Add(b);
        }
        batches.Add(maxBatch);
        return batches;
    }

    /// <summary>
    /// Projects prefills of 1, 2, 4 and 8 prompts of the request's input length and of ¼, ½ and 2× that length, and decode
    /// steps at <see cref="DecodeBatches"/> with every sequence holding the input, input + output / 2 and input + output
    /// tokens (capped by the model's context), then fits the step-time model to those projected steps
    /// (<see cref="StepTimeFitter"/>, the same non-negative least squares as for measured steps).
    /// </summary>
    /// <param name="request">The model on its GPUs, formats and efficiency, with the workload's input and output tokens (its batch is ignored).</param>
    /// <param name="maxBatch">The replica's batch limit; the projection's largest batch that fits caps it.</param>
    /// <exception cref="InputException">The projection's inputs are out of range, or one request does not fit.</exception>
    public static ProjectedStepTimes From(ProjectionRequest request, int maxBatch, Func<string, string>? fieldOf = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var atWorkload = ThroughputProjector.Project(request with { Batch = 1 }, fieldOf);
        if (atWorkload.MaxBatchThatFits < 1)
        {
            throw new InputException(InputProblem.General(DoesNotFitTemplate.With(ThroughputProjector.DoesNotFit(atWorkload))));
        }
        var (input, output, context) = (request.InputTokens, request.OutputTokens, request.Model.ContextLength);
        var prefills = new List<PrefillObservation>();
        void Prefill(int batch, int tokens)
        {
            tokens = Math.Clamp(tokens, 1, context - 1);
            var p = ThroughputProjector.Project(request with { Batch = batch, InputTokens = tokens, OutputTokens = 1, ContextLength = null }, fieldOf);
            prefills.Add(new PrefillObservation((long)batch * tokens, p.TimeToFirstTokenMs / 1000));
        }
        foreach (var batch in new[] { 1, 2, 4, 8 })
        {
            Prefill(batch, input);
        }
        foreach (var tokens in new[] { input / 4, input / 2, input * 2 })
        {
            Prefill(1, tokens);
        }
        var decodes = new List<DecodeObservation>();
        var limit = Math.Max(1, Math.Min(maxBatch, atWorkload.MaxBatchThatFits));
        foreach (var batch in DecodeBatches(limit))
        {
            foreach (var held in new[] { input, input + (output / 2), input + output })
            {
                var tokens = Math.Clamp(held, 1, context - 1);
                var p = ThroughputProjector.Project(request with { Batch = batch, InputTokens = tokens, OutputTokens = 1, ContextLength = null }, fieldOf);
                decodes.Add(new DecodeObservation(batch, (long)batch * tokens, p.MsPerOutputToken / 1000));
            }
        }
        var fit = StepTimeFitter.Fit(prefills, decodes);
        return new ProjectedStepTimes(fit, (long)atWorkload.MaxBatchThatFits * (input + output), atWorkload.MaxBatchThatFits, atWorkload);
    }
}
