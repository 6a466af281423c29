using Planner.CostModel.Text;
using Planner.CostModel;

namespace Planner.Benchmarks.Running;

/// <summary>Which execution provider a run asks for.</summary>
public enum DeviceRequest
{
    /// <summary>CUDA when it works, else CPU with the reason recorded.</summary>
    Auto,
    Cpu,
    Cuda,
}

public static class DeviceRequestNames
{
    private static readonly PhraseTemplate NotADeviceTemplate = new("device.notADevice", "{0}: '{1}' is not a device; allowed: auto, cpu, cuda.");

    public static IReadOnlyList<string> All { get; } = ["auto", "cpu", "cuda"];

    public static DeviceRequest Parse(string? name, string field = "device") => name switch
    {
        "auto" => DeviceRequest.Auto,
        "cpu" => DeviceRequest.Cpu,
        "cuda" => DeviceRequest.Cuda,
        _ => throw new InputException(InputProblem.General(NotADeviceTemplate.With(field, name ?? ""))),
    };

    public static string ToName(this DeviceRequest device) => device.ToString().ToLowerInvariant();
}
