namespace Planner.CostModel.Serving;

/// <summary>
/// How a replica's engine claims KV-cache memory for a request (docs/methodology.md, "Serving simulator",
/// KV-cache admission; ADR 049).
/// </summary>
public enum KvAllocation
{
    /// <summary>
    /// The whole sequence (input + output tokens) is claimed at admission, so no running request is ever pre-empted
    /// (TensorRT-LLM's guaranteed-no-evict policy); the conservative bound.
    /// </summary>
    Reserve,

    /// <summary>
    /// The prompt is claimed at admission and one token per request at every decode step (vLLM's and LMDeploy's paged
    /// blocks); when a step's tokens do not fit, the newest running request is pre-empted: its cache is freed and it
    /// waits at the head of the queue to be prefilled again over its prompt and the tokens it already gave (vLLM's
    /// pre-emption by recompute).
    /// </summary>
    OnDemand,
}

/// <summary>The names of <see cref="KvAllocation"/> as every input spells them (scenario JSON, the CLI, the API, the serving set).</summary>
public static class KvAllocations
{
    /// <summary>The allowed names, for "must be one of" problems.</summary>
    public const string Names = "reserve, onDemand";

    /// <summary>"reserve" or "onDemand" to its allocation; false for anything else (the caller names the field).</summary>
    public static bool TryParse(string name, out KvAllocation allocation)
    {
        (var known, allocation) = name switch
        {
            "reserve" => (true, KvAllocation.Reserve),
            "onDemand" => (true, KvAllocation.OnDemand),
            _ => (false, KvAllocation.Reserve),
        };
        return known;
    }
}
