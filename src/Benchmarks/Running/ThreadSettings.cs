namespace Planner.Benchmarks.Running;

/// <summary>ONNX Runtime thread pools: 0 lets ONNX Runtime choose (one intra-op thread per physical core).</summary>
public sealed record ThreadSettings(int IntraOp = 0, int InterOp = 1);
