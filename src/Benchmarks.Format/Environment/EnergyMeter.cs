using System.Diagnostics;
using System.Globalization;
using Planner.Benchmarks.Running;

namespace Planner.Benchmarks.Environment;

/// <summary>Energy used by a measured loop, or null with the reason it could not be measured.</summary>
public sealed record EnergyReading(double? Joules, string? Note)
{
    /// <summary>Joules per 1000 samples (or tokens, or rows), or null when energy or work is unknown.</summary>
    public double? PerThousand(double items) => Joules is { } joules && items > 0 ? joules / items * 1000 : null;
}

/// <summary>
/// Measures energy where the machine can tell: NVML board power sampled during the run on CUDA,
/// RAPL package counters under /sys/class/powercap on CPU. Never estimates.
/// </summary>
public sealed class EnergyMeter : IDisposable
{
    private const string PowercapRoot = "/sys/class/powercap";
    private readonly string _provider;
    private readonly List<string> _raplCounters = [];
    private readonly long[] _raplStart = [];
    private readonly string? _problem;
    private readonly Timer? _sampler;
    private readonly long _startTimestamp;
    private double _wattSum;
    private int _samples;

    private EnergyMeter(string provider)
    {
        _provider = provider;
        _startTimestamp = Stopwatch.GetTimestamp();
        if (provider == ProviderNames.Cuda)
        {
            var (nvml, problem) = Nvml.Instance;
            _problem = problem;
            if (nvml is not null)
            {
                _sampler = new Timer(_ => Sample(nvml), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
            }
            return;
        }
        _problem = FindRapl(_raplCounters);
        if (_problem is null)
        {
            _raplStart = _raplCounters.Select(ReadMicrojoules).ToArray();
        }
    }

    /// <summary>Starts measuring for work on <paramref name="provider"/>.</summary>
    public static EnergyMeter Start(string provider) => new(provider);

    /// <summary>Stops measuring and returns the energy used since <see cref="Start"/>.</summary>
    public EnergyReading Stop()
    {
        if (_problem is not null)
        {
            return new EnergyReading(null, _problem);
        }
        if (_provider == ProviderNames.Cuda)
        {
            _sampler?.Dispose();
            var seconds = Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds;
            lock (_raplCounters)
            {
                return _samples == 0
                    ? new EnergyReading(null, "NVML reported no power samples during the run")
                    : new EnergyReading(_wattSum / _samples * seconds, $"NVML board power, mean of {_samples} samples x duration");
            }
        }
        double joules = 0;
        for (var i = 0; i < _raplCounters.Count; i++)
        {
            var end = ReadMicrojoules(_raplCounters[i]);
            var delta = end - _raplStart[i];
            if (delta < 0)
            {
                delta += ReadMaxRange(_raplCounters[i]);
            }
            joules += delta / 1e6;
        }
        return new EnergyReading(joules, $"RAPL package energy ({_raplCounters.Count} package(s), whole CPU)");
    }

    public void Dispose() => _sampler?.Dispose();

    /// <summary>Why RAPL cannot be read here, or null when every package counter is readable.</summary>
    private static string? FindRapl(List<string> counters)
    {
        if (!Directory.Exists(PowercapRoot))
        {
            return $"CPU energy unavailable: {PowercapRoot} does not exist (no RAPL, e.g. a VM or container)";
        }
        var packages = Directory.GetDirectories(PowercapRoot, "intel-rapl:*")
            .Where(d => Path.GetFileName(d).Count(c => c == ':') == 1)
            .Select(d => Path.Combine(d, "energy_uj"))
            .Where(File.Exists)
            .ToList();
        if (packages.Count == 0)
        {
            return $"CPU energy unavailable: no RAPL package counters under {PowercapRoot}";
        }
        try
        {
            foreach (var counter in packages)
            {
                ReadMicrojoules(counter);
            }
        }
        catch (UnauthorizedAccessException)
        {
            return $"CPU energy unavailable: RAPL counters under {PowercapRoot} are not readable by this user (root only since Linux 5.10)";
        }
        counters.AddRange(packages);
        return null;
    }

    private static long ReadMicrojoules(string path) => long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    private static long ReadMaxRange(string energyPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(energyPath)!, "max_energy_range_uj");
        return File.Exists(path) ? ReadMicrojoules(path) : 0;
    }

    private void Sample(Nvml nvml)
    {
        if (nvml.PowerWatts() is { } watts)
        {
            lock (_raplCounters)
            {
                _wattSum += watts;
                _samples++;
            }
        }
    }
}
