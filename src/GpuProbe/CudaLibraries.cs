using System.Runtime.InteropServices;
using Planner.CostModel;

namespace Planner.GpuProbe;

/// <summary>
/// Finds and loads the CUDA runtime and cuBLASLt: first in each directory the user names (<c>--cuda-lib</c>), then on the
/// default library search path; CUDA 13 names first, then CUDA 12. Which files were loaded is recorded in the results.
/// </summary>
public sealed class CudaLibraries
{
    public static IReadOnlyList<string> RuntimeNames { get; } = ["libcudart.so.13", "libcudart.so.12"];

    public static IReadOnlyList<string> CublasLtNames { get; } = ["libcublasLt.so.13", "libcublasLt.so.12"];

    private CudaLibraries(IntPtr runtime, string runtimePath, IntPtr cublasLt, string cublasLtPath)
    {
        Runtime = runtime;
        RuntimePath = runtimePath;
        CublasLt = cublasLt;
        CublasLtPath = cublasLtPath;
    }

    public IntPtr Runtime { get; }

    /// <summary>The file loaded, as a path when found in a named directory, else the name the loader resolved.</summary>
    public string RuntimePath { get; }

    public IntPtr CublasLt { get; }

    public string CublasLtPath { get; }

    /// <summary>Loads both libraries, or throws the one-line reason CUDA cannot be used here (exit 2).</summary>
    /// <exception cref="InputException">No CUDA runtime or no cuBLASLt was found.</exception>
    public static CudaLibraries Load(IReadOnlyList<string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        foreach (var directory in directories.Where(d => !Directory.Exists(d)))
        {
            throw new InputException($"--cuda-lib: no directory '{directory}'.");
        }
        var (runtime, runtimePath) = TryLoad(RuntimeNames, directories);
        var (cublasLt, cublasLtPath) = runtime == IntPtr.Zero ? (IntPtr.Zero, "") : TryLoad(CublasLtNames, directories);
        if (runtime == IntPtr.Zero || cublasLt == IntPtr.Zero)
        {
            var missing = runtime == IntPtr.Zero ? string.Join(" or ", RuntimeNames) : string.Join(" or ", CublasLtNames);
            var searched = directories.Count == 0 ? "the default library path" : $"{string.Join(", ", directories)} and the default library path";
            throw new InputException($"no CUDA: {missing} not found in {searched} (name the folder holding them with --cuda-lib DIR).");
        }
        return new CudaLibraries(runtime, runtimePath, cublasLt, cublasLtPath);
    }

    private static (IntPtr Handle, string Path) TryLoad(IReadOnlyList<string> names, IReadOnlyList<string> directories)
    {
        foreach (var name in names)
        {
            foreach (var path in directories.Select(d => Path.Combine(d, name)).Where(File.Exists))
            {
                if (NativeLibrary.TryLoad(path, out var handle))
                {
                    return (handle, path);
                }
            }
            if (NativeLibrary.TryLoad(name, out var found))
            {
                return (found, name);
            }
        }
        return (IntPtr.Zero, "");
    }

    /// <summary>A function of a loaded library; a missing one is reported in one line naming the library and function.</summary>
    /// <exception cref="InputException">The library lacks the function (too old a CUDA).</exception>
    public static IntPtr Export(IntPtr library, string libraryPath, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (NativeLibrary.TryGetExport(library, name, out var function))
            {
                return function;
            }
        }
        throw new InputException($"no CUDA: {libraryPath} lacks {string.Join(" and ", names)} (too old a CUDA; the probe needs CUDA 12 or 13).");
    }
}
