using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.Environment;

/// <summary>Describes the machine a run measures.</summary>
public static class FingerprintProbe
{
    /// <summary>The machine's fingerprint; the caller names the inference runtime it measures with and that runtime's providers.</summary>
    public static Fingerprint Collect(string onnxRuntimeVersion, IReadOnlyList<string> providersAvailable)
    {
        var cpu = CpuModel();
        var cores = System.Environment.ProcessorCount;
        var memoryGb = TotalMemoryGb();
        var (nvml, gpuProblem) = Nvml.Instance;
        var gpu = nvml?.Gpu;
        return new Fingerprint(
            FingerprintId(cpu, cores, memoryGb, gpu),
            cpu,
            cores,
            memoryGb,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            onnxRuntimeVersion,
            providersAvailable,
            gpu,
            gpu is null ? gpuProblem : null);
    }

    /// <summary>A stable id from the hardware fields only (not OS or library versions), so runs group by device.</summary>
    public static string FingerprintId(string cpuModel, int logicalCores, double totalMemoryGb, GpuInfo? gpu)
    {
        var text = string.Join('|', cpuModel, logicalCores, Math.Round(totalMemoryGb).ToString(CultureInfo.InvariantCulture),
            gpu?.Name ?? "no-gpu", gpu is null ? "" : Math.Round(gpu.MemoryGb).ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            foreach (var line in File.ReadLines(cpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }

    private static double TotalMemoryGb()
    {
        const string memInfo = "/proc/meminfo";
        if (File.Exists(memInfo))
        {
            var line = File.ReadLines(memInfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            if (long.TryParse(kilobytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
            {
                return Math.Round(kb / 1048576.0, 2);
            }
        }
        return Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0, 2);
    }
}
