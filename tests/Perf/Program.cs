using BenchmarkDotNet.Running;
using Planner.Perf;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, PerfConfig.Create(Environment.GetEnvironmentVariable(PerfConfig.OutOfProcessVariable)));

/// <summary>The perf suite's entry point (BenchmarkDotNet switcher: pass --filter to choose).</summary>
public partial class Program;
