namespace Planner.CostModel.Uncertainty;

/// <summary>
/// A counter-based random source: the n-th uniform of seed s is the n-th output of the SplitMix64 generator
/// (Steele, Lea and Flood 2014) started from the state mix(s), computed directly from n. Any draw can be made in any
/// order on any thread, so a simulation whose draw n = trial × inputs + input gives the same numbers however its
/// trials are split between threads.
/// </summary>
public static class CounterRandom
{
    private const ulong GoldenGamma = 0x9E3779B97F4A7C15UL;

    /// <summary>A uniform number strictly inside (0, 1), with 53 random bits.</summary>
    public static double Uniform(long seed, long index)
    {
        var state = unchecked(Mix((ulong)seed) + ((ulong)index + 1) * GoldenGamma);
        return ((Mix(state) >> 11) + 0.5) * (1.0 / (1UL << 53));
    }

    /// <summary>The SplitMix64 output function (a variant of MurmurHash3's finalizer).</summary>
    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
