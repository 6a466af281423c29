using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Onnx;

namespace Planner.Benchmarks.Running;

/// <summary>
/// An inference session with its inputs and outputs allocated once for one workload shape and
/// bound to the session with an <see cref="OrtIoBinding"/>, so that <see cref="Run"/> neither
/// allocates tensors nor marshals names: it is the body of the timed loop.
/// </summary>
public sealed class PreparedInference : IDisposable
{
    private readonly List<OrtValue> _inputValues = [];
    private readonly List<OrtValue> _outputValues = [];
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly OrtIoBinding? _binding;

    public PreparedInference(IOnnxModel model, WorkloadShape shape, SessionOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(shape);
        Session = model.CreateSession(options);
        RunOptions = new RunOptions();
        var random = new Random(seed);
        try
        {
            foreach (var input in model.Inputs)
            {
                _inputValues.Add(CreateInput(input, shape, random));
            }
            foreach (var output in model.Outputs)
            {
                _outputValues.Add(Allocate(output.Type, output.Shape(shape)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        _inputNames = model.Inputs.Select(i => i.Name).ToArray();
        _outputNames = model.Outputs.Select(o => o.Name).ToArray();
        _binding = Session.CreateIoBinding();
        for (var i = 0; i < _inputNames.Length; i++)
        {
            _binding.BindInput(_inputNames[i], _inputValues[i]);
        }
        for (var i = 0; i < _outputNames.Length; i++)
        {
            _binding.BindOutput(_outputNames[i], _outputValues[i]);
        }
    }

    public InferenceSession Session { get; }

    public RunOptions RunOptions { get; }

    public IReadOnlyList<string> InputNames => _inputNames;

    public IReadOnlyList<OrtValue> InputValues => _inputValues;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public IReadOnlyList<OrtValue> OutputValues => _outputValues;

    /// <summary>One inference into the pre-allocated, bound outputs.</summary>
    public void Run() => Session.RunWithBinding(RunOptions, _binding);

    public void Dispose()
    {
        foreach (var value in _inputValues.Concat(_outputValues))
        {
            value.Dispose();
        }
        _binding?.Dispose();
        RunOptions.Dispose();
        Session.Dispose();
    }

    internal static OrtValue Allocate(OnnxDataType type, long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, ToOrt(type), shape);

    private static OrtValue CreateInput(TensorSpec spec, WorkloadShape shape, Random random)
    {
        var dims = spec.Shape(shape);
        var value = Allocate(spec.Type, dims);
        switch (spec.Content)
        {
            case InputContent.TokenIds:
                var ids = value.GetTensorMutableDataAsSpan<long>();
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = random.NextInt64(spec.ValueLimit);
                }
                break;
            case InputContent.Positions:
                var positions = value.GetTensorMutableDataAsSpan<long>();
                for (var i = 0; i < positions.Length; i++)
                {
                    positions[i] = shape.PastLength + (i % shape.SequenceLength);
                }
                break;
            case InputContent.Ones:
                value.GetTensorMutableDataAsSpan<long>().Fill(1);
                break;
            case InputContent.RandomFloat when spec.Type == OnnxDataType.Float16:
                var halves = value.GetTensorMutableDataAsSpan<Float16>();
                for (var i = 0; i < halves.Length; i++)
                {
                    halves[i] = (Float16)((random.NextSingle() * 2f) - 1f);
                }
                break;
            default:
                var floats = value.GetTensorMutableDataAsSpan<float>();
                for (var i = 0; i < floats.Length; i++)
                {
                    floats[i] = (random.NextSingle() * 2f) - 1f;
                }
                break;
        }
        return value;
    }

    private static TensorElementType ToOrt(OnnxDataType type) => type switch
    {
        OnnxDataType.Float => TensorElementType.Float,
        OnnxDataType.Float16 => TensorElementType.Float16,
        OnnxDataType.Int64 => TensorElementType.Int64,
        OnnxDataType.Int32 => TensorElementType.Int32,
        OnnxDataType.Int8 => TensorElementType.Int8,
        OnnxDataType.UInt8 => TensorElementType.UInt8,
        OnnxDataType.Bool => TensorElementType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
