using System.Runtime.InteropServices;
using Planner.Benchmarks.Results;
using Planner.CostModel;

namespace Planner.GpuProbe;

/// <summary>
/// The cuBLASLt calls the probe makes (cublasLt.h), bound at run time from <see cref="CudaLibraries.CublasLt"/>. A product
/// Y[M, N] = X[M, K] · Wᵀ is laid out as cuBLAS's column-major D (N × M) = op(A) · B with A = W stored K × N and transposed
/// ("TN", the layout fp8 kernels require), B = X stored K × M. Every status is checked and a failure names the call.
/// </summary>
public sealed unsafe class CublasLt : IDisposable
{
    // cudaDataType_t (library_types.h)
    private const int DataFp32 = 0;
    private const int DataFp16 = 2;
    private const int DataBf16 = 14;
    private const int DataFp8E4M3 = 28;

    // cublasComputeType_t: fp32 accumulation
    private const int ComputeFp32 = 68;

    // cublasLtMatmulDescAttributes_t, cublasOperation_t, cublasLtMatmulPreferenceAttributes_t
    private const int DescTransA = 3;
    private const int DescTransB = 4;
    private const int OperationNone = 0;
    private const int OperationTranspose = 1;
    private const int PreferenceMaxWorkspaceBytes = 1;

    /// <summary>cuBLASLt's own advice for Hopper: 32 MiB of workspace lets it pick its fastest kernels.</summary>
    public const long WorkspaceBytes = 32L * 1024 * 1024;

    /// <summary>sizeof(cublasLtMatmulHeuristicResult_t) is 96 bytes (algo 64, workspaceSize 8, state 4, wavesCount 4, reserved 16); room for growth.</summary>
    private const int HeuristicResultBytes = 256;

    private readonly CudaLibraries _libraries;
    private readonly IntPtr _handle;
    private readonly delegate* unmanaged<IntPtr, int> _destroy;
    private readonly delegate* unmanaged<IntPtr*, int, int, int> _descCreate;
    private readonly delegate* unmanaged<IntPtr, int, void*, nuint, int> _descSetAttribute;
    private readonly delegate* unmanaged<IntPtr, int> _descDestroy;
    private readonly delegate* unmanaged<IntPtr*, int, ulong, ulong, long, int> _layoutCreate;
    private readonly delegate* unmanaged<IntPtr, int> _layoutDestroy;
    private readonly delegate* unmanaged<IntPtr*, int> _preferenceCreate;
    private readonly delegate* unmanaged<IntPtr, int, void*, nuint, int> _preferenceSetAttribute;
    private readonly delegate* unmanaged<IntPtr, int> _preferenceDestroy;
    private readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, byte*, int*, int> _heuristic;
    private readonly delegate* unmanaged<IntPtr, IntPtr, void*, IntPtr, IntPtr, IntPtr, IntPtr, void*, IntPtr, IntPtr, IntPtr, IntPtr, byte*, IntPtr, nuint, IntPtr, int> _matmul;

    public CublasLt(CudaLibraries libraries)
    {
        ArgumentNullException.ThrowIfNull(libraries);
        _libraries = libraries;
        var lib = libraries.CublasLt;
        var path = libraries.CublasLtPath;
        var create = (delegate* unmanaged<IntPtr*, int>)CudaLibraries.Export(lib, path, "cublasLtCreate");
        var version = (delegate* unmanaged<nuint>)CudaLibraries.Export(lib, path, "cublasLtGetVersion");
        _destroy = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cublasLtDestroy");
        _descCreate = (delegate* unmanaged<IntPtr*, int, int, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulDescCreate");
        _descSetAttribute = (delegate* unmanaged<IntPtr, int, void*, nuint, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulDescSetAttribute");
        _descDestroy = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulDescDestroy");
        _layoutCreate = (delegate* unmanaged<IntPtr*, int, ulong, ulong, long, int>)CudaLibraries.Export(lib, path, "cublasLtMatrixLayoutCreate");
        _layoutDestroy = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cublasLtMatrixLayoutDestroy");
        _preferenceCreate = (delegate* unmanaged<IntPtr*, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulPreferenceCreate");
        _preferenceSetAttribute = (delegate* unmanaged<IntPtr, int, void*, nuint, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulPreferenceSetAttribute");
        _preferenceDestroy = (delegate* unmanaged<IntPtr, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulPreferenceDestroy");
        _heuristic = (delegate* unmanaged<IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, IntPtr, int, byte*, int*, int>)CudaLibraries.Export(lib, path, "cublasLtMatmulAlgoGetHeuristic");
        _matmul = (delegate* unmanaged<IntPtr, IntPtr, void*, IntPtr, IntPtr, IntPtr, IntPtr, void*, IntPtr, IntPtr, IntPtr, IntPtr, byte*, IntPtr, nuint, IntPtr, int>)CudaLibraries.Export(lib, path, "cublasLtMatmul");
        IntPtr handle;
        Check(create(&handle), "cublasLtCreate");
        _handle = handle;
        Version = (long)version();
    }

    /// <summary>cublasLtGetVersion(): major × 10000 + minor × 100 + patch (130100 = 13.1.0).</summary>
    public long Version { get; }

    public string LibraryPath => _libraries.CublasLtPath;

    /// <summary>
    /// Prepares one product at <paramref name="precision"/> (bf16, fp16, or fp8 e4m3 operands with a bf16 result; fp32
    /// accumulation) on buffers the caller owns, or returns why cuBLASLt has no kernel for it (null plan, reason).
    /// </summary>
    public (Matmul? Plan, string? Unsupported) Prepare(MatmulShape shape, string precision, IntPtr weights, IntPtr input, IntPtr output, IntPtr workspace)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var (operandType, resultType) = precision switch
        {
            "bf16" => (DataBf16, DataBf16),
            "fp16" => (DataFp16, DataFp16),
            "fp8" => (DataFp8E4M3, DataBf16),
            _ => throw new InputException($"--precisions: '{precision}' is not one of {string.Join(", ", MatmulShape.Precisions)}."),
        };
        var matmul = new Matmul(this);
        IntPtr desc, a, b, d, preference;
        Check(_descCreate(&desc, ComputeFp32, DataFp32), "cublasLtMatmulDescCreate");
        matmul.Descriptor = desc;
        int transA = OperationTranspose, transB = OperationNone;
        Check(_descSetAttribute(desc, DescTransA, &transA, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSA)");
        Check(_descSetAttribute(desc, DescTransB, &transB, sizeof(int)), "cublasLtMatmulDescSetAttribute(TRANSB)");
        Check(_layoutCreate(&a, operandType, (ulong)shape.K, (ulong)shape.N, shape.K), "cublasLtMatrixLayoutCreate(A)");
        matmul.LayoutA = a;
        Check(_layoutCreate(&b, operandType, (ulong)shape.K, (ulong)shape.M, shape.K), "cublasLtMatrixLayoutCreate(B)");
        matmul.LayoutB = b;
        Check(_layoutCreate(&d, resultType, (ulong)shape.N, (ulong)shape.M, shape.N), "cublasLtMatrixLayoutCreate(D)");
        matmul.LayoutD = d;
        Check(_preferenceCreate(&preference), "cublasLtMatmulPreferenceCreate");
        var workspaceBytes = (ulong)WorkspaceBytes;
        try
        {
            Check(_preferenceSetAttribute(preference, PreferenceMaxWorkspaceBytes, &workspaceBytes, sizeof(ulong)), "cublasLtMatmulPreferenceSetAttribute(MAX_WORKSPACE_BYTES)");
            int found;
            var status = _heuristic(_handle, desc, a, b, d, d, preference, 1, matmul.Algorithm, &found);
            if (status != 0 || found == 0)
            {
                matmul.Dispose();
                return (null, status != 0
                    ? $"cublasLtMatmulAlgoGetHeuristic returned {StatusName(status)} for {precision} {shape.M}×{shape.N}×{shape.K}"
                    : $"cuBLASLt has no {precision} kernel for {shape.M}×{shape.N}×{shape.K}");
            }
        }
        finally
        {
            Check(_preferenceDestroy(preference), "cublasLtMatmulPreferenceDestroy");
        }
        matmul.Weights = weights;
        matmul.Input = input;
        matmul.Output = output;
        matmul.Workspace = workspace;
        return (matmul, null);
    }

    public void Dispose() => Check(_destroy(_handle), "cublasLtDestroy");

    private static void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new NoResultException($"{call} failed: {StatusName(status)}.");
        }
    }

    /// <summary>cublasStatus_t names (cublas_api.h).</summary>
    private static string StatusName(int status) => status switch
    {
        1 => "CUBLAS_STATUS_NOT_INITIALIZED",
        3 => "CUBLAS_STATUS_ALLOC_FAILED",
        7 => "CUBLAS_STATUS_INVALID_VALUE",
        8 => "CUBLAS_STATUS_ARCH_MISMATCH",
        11 => "CUBLAS_STATUS_MAPPING_ERROR",
        13 => "CUBLAS_STATUS_EXECUTION_FAILED",
        14 => "CUBLAS_STATUS_INTERNAL_ERROR",
        15 => "CUBLAS_STATUS_NOT_SUPPORTED",
        16 => "CUBLAS_STATUS_LICENSE_ERROR",
        _ => $"cuBLAS status {status}",
    };

    /// <summary>One prepared product: its descriptors, chosen algorithm and buffers; <see cref="Run"/> launches it on the default stream.</summary>
    public sealed class Matmul : IDisposable
    {
        private readonly CublasLt _owner;
        private readonly byte[] _algorithm = GC.AllocateArray<byte>(HeuristicResultBytes, pinned: true);

        internal Matmul(CublasLt owner) => _owner = owner;

        internal IntPtr Descriptor { get; set; }

        internal IntPtr LayoutA { get; set; }

        internal IntPtr LayoutB { get; set; }

        internal IntPtr LayoutD { get; set; }

        internal IntPtr Weights { get; set; }

        internal IntPtr Input { get; set; }

        internal IntPtr Output { get; set; }

        internal IntPtr Workspace { get; set; }

        /// <summary>The heuristic result (pinned, so its address stays put); its first 64 bytes are the cublasLtMatmulAlgo_t that <see cref="Run"/> passes.</summary>
        internal byte* Algorithm => (byte*)Marshal.UnsafeAddrOfPinnedArrayElement(_algorithm, 0);

        public void Run()
        {
            float alpha = 1, beta = 0;
            Check(_owner._matmul(_owner._handle, Descriptor, &alpha, Weights, LayoutA, Input, LayoutB, &beta,
                Output, LayoutD, Output, LayoutD, Algorithm, Workspace, (nuint)WorkspaceBytes, IntPtr.Zero), "cublasLtMatmul");
        }

        public void Dispose()
        {
            if (LayoutD != IntPtr.Zero)
            {
                Check(_owner._layoutDestroy(LayoutD), "cublasLtMatrixLayoutDestroy(D)");
            }
            if (LayoutB != IntPtr.Zero)
            {
                Check(_owner._layoutDestroy(LayoutB), "cublasLtMatrixLayoutDestroy(B)");
            }
            if (LayoutA != IntPtr.Zero)
            {
                Check(_owner._layoutDestroy(LayoutA), "cublasLtMatrixLayoutDestroy(A)");
            }
            if (Descriptor != IntPtr.Zero)
            {
                Check(_owner._descDestroy(Descriptor), "cublasLtMatmulDescDestroy");
            }
            LayoutA = LayoutB = LayoutD = Descriptor = IntPtr.Zero;
        }
    }
}
