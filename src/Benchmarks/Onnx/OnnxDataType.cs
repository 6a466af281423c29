namespace Planner.Benchmarks.Onnx;

/// <summary>ONNX TensorProto.DataType values the builder uses.</summary>
public enum OnnxDataType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Float16 = 10,
}
