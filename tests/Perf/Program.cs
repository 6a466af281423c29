using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>The perf suite's entry point (BenchmarkDotNet switcher: pass --filter to choose).</summary>
public partial class Program;
