using Planner.Data.Entities;

namespace Planner.Data.Benchmarks;

/// <summary>The stored run, and whether the same file had been imported before (then nothing was written).</summary>
public sealed record BenchmarkImportResult(StoredBenchmarkRun Run, bool AlreadyImported);
