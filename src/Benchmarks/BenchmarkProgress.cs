namespace Planner.Benchmarks;

/// <summary>
/// Progress of a run: step <see cref="StepIndex"/> (0-based) of <see cref="TotalSteps"/> is
/// starting (<see cref="Fraction"/> = steps done / total; 1 when the run ends).
/// <see cref="Phase"/> is <c>bandwidth</c>, <c>inference</c>, <c>prefill</c>, <c>decode</c>, <c>training</c> or <c>done</c>.
/// <see cref="Precision"/> is the step's number format (<c>fp32</c>, <c>fp16</c>, <c>int8</c>; empty for the bandwidth
/// probe and an endpoint), and <see cref="Device"/> the device the run actually uses once <c>auto</c> is resolved
/// (<see cref="BenchmarkEngine.DeviceInUse"/>), e.g. <c>CPU (AMD EPYC 7B13)</c>.
/// </summary>
public sealed record BenchmarkProgress(int StepIndex, int TotalSteps, string Model, string Preset, int BatchSize, string Phase, double Fraction,
    string Precision = "", string Device = "");
