namespace Planner.Benchmarks.Running;

/// <summary>What every benchmark of a run shares: provider, threads, measurement rules, clock and seed.</summary>
internal sealed record RunContext(ProviderChoice Provider, ThreadSettings Threads, MeasurementSettings Measurement, TimeProvider Clock, int Seed);
