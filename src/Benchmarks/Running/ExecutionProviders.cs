using Planner.CostModel.Text;
using Microsoft.ML.OnnxRuntime;
using Planner.CostModel;

namespace Planner.Benchmarks.Running;

/// <summary>The provider a run uses (<c>cpu</c> or <c>cuda</c>) and, when another was wanted, why it is not used.</summary>
public sealed record ProviderChoice(string Provider, string? Note);

/// <summary>Execution provider discovery, selection and session options.</summary>
public static class ExecutionProviders
{
    private static readonly PhraseTemplate CudaUnavailableTemplate = new("device.cudaUnavailable", "--device cuda: CUDA is unavailable: {0}");

    public const string Cpu = ProviderNames.Cpu;
    public const string Cuda = ProviderNames.Cuda;

    /// <summary>Providers the loaded ONNX Runtime native library was built with.</summary>
    public static IReadOnlyList<string> Available() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>This machine's fingerprint with the loaded ONNX Runtime's version and providers.</summary>
    public static Results.Fingerprint Fingerprint() => Environment.FingerprintProbe.Collect(OrtEnv.Instance().GetVersionString(), Available());

    /// <summary>
    /// Resolves a device request: <c>cuda</c> fails with the reason when CUDA cannot be used,
    /// <c>auto</c> falls back to CPU and records why.
    /// </summary>
    public static ProviderChoice Resolve(DeviceRequest device)
    {
        if (device == DeviceRequest.Cpu)
        {
            return new ProviderChoice(Cpu, null);
        }
        var cudaProblem = CudaProblem();
        if (cudaProblem is null)
        {
            return new ProviderChoice(Cuda, null);
        }
        if (device == DeviceRequest.Cuda)
        {
            throw new InputException(InputProblem.General(CudaUnavailableTemplate.With(cudaProblem)));
        }
        return new ProviderChoice(Cpu, $"auto: CUDA unavailable ({cudaProblem}); ran on CPU");
    }

    /// <summary>Why the CUDA provider cannot be used here, or null when it can.</summary>
    public static string? CudaProblem()
    {
        if (!Available().Contains("CUDAExecutionProvider"))
        {
            return "the loaded ONNX Runtime has no CUDAExecutionProvider (this is the CPU package; build with -p:OnnxRuntimeGpu=true on a machine with CUDA 13 and cuDNN 9; docs/benchmarking.md)";
        }
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
        {
            return $"the CUDA provider failed to initialise: {ex.Message}";
        }
    }

    /// <summary>Session options for a provider, with the run's thread settings and quiet logging.</summary>
    public static SessionOptions CreateOptions(string provider, ThreadSettings threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        var options = new SessionOptions
        {
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads.IntraOp,
            InterOpNumThreads = threads.InterOp,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (provider == Cuda)
        {
            options.AppendExecutionProvider_CUDA(0);
        }
        return options;
    }
}
