using Planner.Benchmarks.Onnx.Proto;

namespace Planner.Benchmarks.Onnx;

/// <summary>Short constructors for ONNX node attributes.</summary>
internal static class Attr
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, I = value, Type = AttributeProto.Types.AttributeType.Int };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, F = value, Type = AttributeProto.Types.AttributeType.Float };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }
}
