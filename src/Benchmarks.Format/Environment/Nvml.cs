using System.Runtime.InteropServices;
using System.Text;
using Planner.Benchmarks.Results;

namespace Planner.Benchmarks.Environment;

/// <summary>
/// The few NVML calls the benchmarks need (device name, memory, driver, power draw), bound at run
/// time from libnvidia-ml.so.1 so that machines without an NVIDIA driver simply report why not.
/// </summary>
internal sealed unsafe class Nvml
{
    private static readonly Lazy<(Nvml? Nvml, string? Problem)> Shared = new(Load);

    private readonly delegate* unmanaged<IntPtr, uint*, int> _getPowerUsage;
    private readonly IntPtr _device;

    private Nvml(IntPtr device, delegate* unmanaged<IntPtr, uint*, int> getPowerUsage, GpuInfo gpu)
    {
        _device = device;
        _getPowerUsage = getPowerUsage;
        Gpu = gpu;
    }

    public GpuInfo Gpu { get; }

    /// <summary>NVML for GPU 0, or null and why not.</summary>
    public static (Nvml? Nvml, string? Problem) Instance => Shared.Value;

    /// <summary>Current board power in watts, or null when the driver does not report it.</summary>
    public double? PowerWatts()
    {
        uint milliwatts;
        return _getPowerUsage(_device, &milliwatts) == 0 ? milliwatts / 1000.0 : null;
    }

    private static (Nvml?, string?) Load()
    {
        if (!NativeLibrary.TryLoad("libnvidia-ml.so.1", out var library))
        {
            return (null, "no NVIDIA driver: libnvidia-ml.so.1 could not be loaded");
        }
        try
        {
            var init = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "nvmlInit_v2");
            var getHandle = (delegate* unmanaged<uint, IntPtr*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetHandleByIndex_v2");
            var getName = (delegate* unmanaged<IntPtr, byte*, uint, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetName");
            var getMemory = (delegate* unmanaged<IntPtr, ulong*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetMemoryInfo");
            var getDriver = (delegate* unmanaged<byte*, uint, int>)NativeLibrary.GetExport(library, "nvmlSystemGetDriverVersion");
            var getPower = (delegate* unmanaged<IntPtr, uint*, int>)NativeLibrary.GetExport(library, "nvmlDeviceGetPowerUsage");
            var status = init();
            if (status != 0)
            {
                return (null, $"NVML failed to initialise (nvmlInit_v2 returned {status})");
            }
            IntPtr device;
            status = getHandle(0, &device);
            if (status != 0)
            {
                return (null, $"NVML found no GPU 0 (nvmlDeviceGetHandleByIndex_v2 returned {status})");
            }
            var name = stackalloc byte[256];
            var driver = stackalloc byte[256];
            var memory = stackalloc ulong[3]; // nvmlMemory_t: total, free, used (bytes)
            var gpu = new GpuInfo(
                getName(device, name, 256) == 0 ? ReadString(name) : "unknown NVIDIA GPU",
                getMemory(device, memory) == 0 ? Math.Round(memory[0] / 1073741824.0, 2) : 0,
                getDriver(driver, 256) == 0 ? ReadString(driver) : "unknown");
            return (new Nvml(device, getPower, gpu), null);
        }
        catch (EntryPointNotFoundException ex)
        {
            return (null, $"libnvidia-ml.so.1 lacks an expected function: {ex.Message}");
        }
    }

    private static string ReadString(byte* text) => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));
}
