using Planner.CostModel.Text;

namespace Planner.CostModel;

/// <summary>
/// One problem with an input: <see cref="Path"/> names the field as the caller spells it (a scenario JSON path such as
/// <c>options[1].gpuHourPrice</c>, a command-line flag such as <c>--batch</c>, or "" when no single field is at fault) and
/// <see cref="Message"/> is the whole line a person reads, which names the same field and the allowed range. Hosts
/// place a problem by its path and show its message; neither is ever parsed out of the other.
/// </summary>
/// <remarks>
/// A problem the cost model words through a <see cref="Phrase"/> also carries it as <see cref="Text"/> (the line after the
/// path, or the whole line when there is no path), so that a host can show it in the reader's language; the others are
/// shown as <see cref="Message"/> in every language.
/// </remarks>
public sealed record InputProblem(string Path, string Message)
{
    /// <summary>The line after the path as a phrase, when the problem was worded through one; null otherwise.</summary>
    public Phrase? Text { get; init; }

    /// <summary>A problem about the field at <paramref name="path"/>, worded by <paramref name="rest"/>: "{path} {rest}".</summary>
    public static InputProblem At(string path, Phrase rest) => new(path, $"{path} {rest}") { Text = rest };

    /// <summary>A problem about the field at <paramref name="path"/>; the line reads "{path} {rest}".</summary>
    public static InputProblem At(string path, string rest) => new(path, $"{path} {rest}");

    /// <summary>
    /// A problem about the field at <paramref name="path"/> whose line reads "{path}: {rest}" (a reference's problem that
    /// speaks of the referenced thing, "options[0].throughputFrom: run 'x' has no …").
    /// </summary>
    public static InputProblem Labelled(string path, Phrase rest) => new(path, $"{path}: {rest}") { Text = rest, AfterColon = true };

    /// <summary>Whether the line puts a colon between the path and <see cref="Text"/> (<see cref="Labelled"/>).</summary>
    public bool AfterColon { get; init; }

    /// <summary>
    /// A problem about the field at <paramref name="path"/> whose line, <paramref name="line"/>, names the field in its own
    /// words (a form's label: "Price per GPU-hour (USD) must be a number &gt;= 0 (got 'abc')") instead of by its path.
    /// </summary>
    public static InputProblem Worded(string path, Phrase line) => new(path, line?.ToString() ?? throw new ArgumentNullException(nameof(line)))
    {
        Text = line,
        WholeLine = true,
    };

    /// <summary>Whether <see cref="Text"/> is the whole line, the path not written before it (<see cref="Worded"/>).</summary>
    public bool WholeLine { get; init; }

    /// <summary>A problem that no single field owns (a file that is not JSON, a scenario with no options...).</summary>
    public static InputProblem General(string message) => new("", message);

    /// <summary>A problem that no single field owns, worded by <paramref name="text"/>.</summary>
    public static InputProblem General(Phrase text) => new("", text?.ToString() ?? throw new ArgumentNullException(nameof(text))) { Text = text };

    public override string ToString() => Message;
}
