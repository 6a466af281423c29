namespace Planner.CostModel;

/// <summary>
/// One problem with an input: <see cref="Path"/> names the field as the caller spells it (a scenario JSON path such as
/// <c>options[1].gpuHourPrice</c>, a command-line flag such as <c>--batch</c>, or "" when no single field is at fault) and
/// <see cref="Message"/> is the whole line a person reads, which names the same field and the allowed range. Hosts
/// place a problem by its path and show its message; neither is ever parsed out of the other.
/// </summary>
public sealed record InputProblem(string Path, string Message)
{
    /// <summary>A problem about the field at <paramref name="path"/>; the line reads "{path} {rest}".</summary>
    public static InputProblem At(string path, string rest) => new(path, $"{path} {rest}");

    /// <summary>A problem that no single field owns (a file that is not JSON, a scenario with no options...).</summary>
    public static InputProblem General(string message) => new("", message);

    public override string ToString() => Message;
}
