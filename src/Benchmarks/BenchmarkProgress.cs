namespace Planner.Benchmarks;

/// <summary>
/// Progress of a run: step <see cref="StepIndex"/> (0-based) of <see cref="TotalSteps"/> is
/// starting (<see cref="Fraction"/> = steps done / total; 1 when the run ends).
/// <see cref="Phase"/> is <c>bandwidth</c>, <c>inference</c>, <c>prefill</c>, <c>decode</c>, <c>training</c> or <c>done</c>.
/// </summary>
public sealed record BenchmarkProgress(int StepIndex, int TotalSteps, string Model, string Preset, int BatchSize, string Phase, double Fraction);
