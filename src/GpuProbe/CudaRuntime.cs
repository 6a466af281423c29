using System.Runtime.InteropServices;
using Planner.CostModel;

namespace Planner.GpuProbe;

/// <summary>
/// The CUDA runtime calls the probe makes, bound at run time from <see cref="CudaLibraries.Runtime"/>. Every call's status
/// is checked: a failure throws a one-line <see cref="NoResultException"/> naming the call and CUDA's own error text.
/// </summary>
public sealed unsafe class CudaRuntime
{
    private const int MemcpyDeviceToDevice = 3;
    private const int AttributeComputeCapabilityMajor = 75;
    private const int AttributeComputeCapabilityMinor = 76;

    private readonly delegate* unmanaged<int, byte*> _getErrorString;
    private readonly delegate* unmanaged<int*, int> _getDeviceCount;
    private readonly delegate* unmanaged<int, int> _setDevice;
    private readonly delegate* unmanaged<int*, int, int, int> _deviceGetAttribute;
    private readonly delegate* unmanaged<int*, int> _runtimeGetVersion;
    private readonly delegate* unmanaged<int*, int> _driverGetVersion;
    private readonly delegate* unmanaged<IntPtr*, nuint, int> _malloc;
    private readonly delegate* unmanaged<IntPtr, int> _free;
    private readonly delegate* unmanaged<IntPtr, int, nuint, int> _memset;
    private readonly delegate* unmanaged<IntPtr, IntPtr, nuint, int, int> _memcpy;
    private readonly delegate* unmanaged<int> _deviceSynchronize;
    private readonly delegate* unmanaged<IntPtr*, int> _eventCreate;
    private readonly delegate* unmanaged<IntPtr, int> _eventDestroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> _eventRecord;
    private readonly delegate* unmanaged<IntPtr, int> _eventSynchronize;
    private readonly delegate* unmanaged<float*, IntPtr, IntPtr, int> _eventElapsedTime;

    public CudaRuntime(CudaLibraries libraries)
    {
        ArgumentNullException.ThrowIfNull(libraries);
        var lib = libraries.Runtime;
        var path = libraries.RuntimePath;
        _getErrorString = (delegate* unmanaged<int, byte*>)CudaLibraries.Export(lib, path, "cudaGetErrorString");
        _getDeviceCount = (delegate* unmanaged<int*, int>)CudaLibraries.Export(lib, path, "cudaGetDeviceCount");
        _setDevice = (delegate* unmanaged<int, int>)CudaLibraries.Export(lib, path, "cudaSetDevice");
        _deviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)CudaLibraries.Export(lib, path, "cudaDeviceGetAttribute");
        _runtimeGetVersion = (delegate* unmanaged<int*, int>)CudaLibraries.Export(lib, path, "cudaRuntimeGetVersion");
        _driverGetVersion = (delegate* unmanaged<int*, int>)CudaLibraries.Export(lib, path, "cudaDriverGetVersion");
        _malloc = (delegate* unmanaged<IntPtr*, nuint, int>)CudaLibraries.Export(lib, path, "cudaMalloc");
        _free = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cudaFree");
        _memset = (delegate* unmanaged<IntPtr, int, nuint, int>)CudaLibraries.Export(lib, path, "cudaMemset");
        _memcpy = (delegate* unmanaged<IntPtr, IntPtr, nuint, int, int>)CudaLibraries.Export(lib, path, "cudaMemcpy");
        _deviceSynchronize = (delegate* unmanaged<int>)CudaLibraries.Export(lib, path, "cudaDeviceSynchronize");
        _eventCreate = (delegate* unmanaged<IntPtr*, int>)CudaLibraries.Export(lib, path, "cudaEventCreate");
        _eventDestroy = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cudaEventDestroy");
        _eventRecord = (delegate* unmanaged<IntPtr, IntPtr, int>)CudaLibraries.Export(lib, path, "cudaEventRecord");
        _eventSynchronize = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cudaEventSynchronize");
        // CUDA 12.8 added a versioned symbol; both take (float* ms, start, end).
        _eventElapsedTime = (delegate* unmanaged<float*, IntPtr, IntPtr, int>)CudaLibraries.Export(lib, path, "cudaEventElapsedTime", "cudaEventElapsedTime_v2");
    }

    /// <summary>GPUs visible; a machine whose driver or devices are missing says so in one line (exit 2).</summary>
    /// <exception cref="InputException">No device, or no driver the runtime can use.</exception>
    public int DeviceCount()
    {
        int count;
        var status = _getDeviceCount(&count);
        if (status != 0 || count == 0)
        {
            throw new InputException(status != 0
                ? $"no CUDA: cudaGetDeviceCount failed: {ErrorText(status)}."
                : "no CUDA: cudaGetDeviceCount found no GPU.");
        }
        return count;
    }

    public void SetDevice(int device) => Check(_setDevice(device), "cudaSetDevice");

    public (int Major, int Minor) ComputeCapability(int device)
    {
        int major, minor;
        Check(_deviceGetAttribute(&major, AttributeComputeCapabilityMajor, device), "cudaDeviceGetAttribute(major)");
        Check(_deviceGetAttribute(&minor, AttributeComputeCapabilityMinor, device), "cudaDeviceGetAttribute(minor)");
        return (major, minor);
    }

    /// <summary>CUDA's version numbers, 1000 × major + 10 × minor (13000 = 13.0).</summary>
    public (int Runtime, int Driver) Versions()
    {
        int runtime, driver;
        Check(_runtimeGetVersion(&runtime), "cudaRuntimeGetVersion");
        Check(_driverGetVersion(&driver), "cudaDriverGetVersion");
        return (runtime, driver);
    }

    /// <summary>Device memory filled with a non-zero byte pattern (so the products do not run on zeros).</summary>
    public IntPtr Allocate(long bytes)
    {
        IntPtr pointer;
        Check(_malloc(&pointer, (nuint)bytes), $"cudaMalloc({bytes} bytes)");
        Check(_memset(pointer, 0x3C, (nuint)bytes), "cudaMemset");
        return pointer;
    }

    public void Free(IntPtr pointer)
    {
        if (pointer != IntPtr.Zero)
        {
            Check(_free(pointer), "cudaFree");
        }
    }

    public void CopyDeviceToDevice(IntPtr destination, IntPtr source, long bytes) =>
        Check(_memcpy(destination, source, (nuint)bytes, MemcpyDeviceToDevice), "cudaMemcpy(device to device)");

    public void Synchronize() => Check(_deviceSynchronize(), "cudaDeviceSynchronize");

    public IntPtr CreateEvent()
    {
        IntPtr cudaEvent;
        Check(_eventCreate(&cudaEvent), "cudaEventCreate");
        return cudaEvent;
    }

    public void DestroyEvent(IntPtr cudaEvent) => Check(_eventDestroy(cudaEvent), "cudaEventDestroy");

    /// <summary>Records the event on the default stream, where the probe launches everything.</summary>
    public void Record(IntPtr cudaEvent) => Check(_eventRecord(cudaEvent, IntPtr.Zero), "cudaEventRecord");

    public void WaitFor(IntPtr cudaEvent) => Check(_eventSynchronize(cudaEvent), "cudaEventSynchronize");

    public double ElapsedMilliseconds(IntPtr start, IntPtr end)
    {
        float milliseconds;
        Check(_eventElapsedTime(&milliseconds, start, end), "cudaEventElapsedTime");
        return milliseconds;
    }

    private void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new NoResultException($"{call} failed: {ErrorText(status)}.");
        }
    }

    private string ErrorText(int status)
    {
        var text = _getErrorString(status);
        return text is null ? $"error {status}" : $"error {status} ({Marshal.PtrToStringUTF8((IntPtr)text)})";
    }
}
