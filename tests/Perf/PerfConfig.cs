using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Planner.Perf;

/// <summary>
/// The suite's configuration. By default every job runs in this process (BenchmarkDotNet's in-process emit toolchain):
/// nothing is generated or built, so a loaded machine cannot make the run fail at BenchmarkDotNet's 120 s build
/// timeout, and the figures start within seconds. <c>PLANNER_PERF_OUT_OF_PROCESS=1</c> restores BenchmarkDotNet's
/// usual process per benchmark (better isolation, one generated project built per run), with a build timeout long
/// enough for a 2-core machine that other work is loading.
/// </summary>
public static class PerfConfig
{
    public const string OutOfProcessVariable = "PLANNER_PERF_OUT_OF_PROCESS";

    /// <summary>Builds of the generated project took 2-6 minutes on the loaded 2-core machine; BenchmarkDotNet allows 120 s.</summary>
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    public static IConfig Create(string? outOfProcess)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(BuildTimeout);
        // A mutator job changes every job the run has (the command line's --job, a class's [ShortRunJob]) instead of adding one.
        return outOfProcess == "1"
            ? config
            : config.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
    }
}
