namespace Planner.Benchmarks.Running;

/// <summary>The execution providers' names as results files spell them (settings.provider, results[].provider).</summary>
public static class ProviderNames
{
    public const string Cpu = "cpu";
    public const string Cuda = "cuda";
}
