namespace Planner.CostModel.Projection;

/// <summary>
/// One operator's share of a prefill pass or a mean decode step, per GPU: its FLOPs and bytes, its compute and memory
/// times after efficiency, and its time max(c, m) + (1 − o) × min(c, m) (docs/methodology.md, "Throughput projection").
/// Communication and the fixed per-step cost appear as operators with only a time.
/// </summary>
/// <param name="Operator">qkv, attention, output, feed-forward (experts for a mixture), norms, logits, all-reduce, fixed.</param>
/// <param name="Phase">"prefill" (the whole pass) or "decode" (one mean step).</param>
/// <param name="Bound">"compute", "memory", "communication" or "fixed".</param>
public sealed record OperatorTime(string Operator, string Phase, double Flops, double Bytes, double ComputeMs, double MemoryMs, double Ms, string Bound);
