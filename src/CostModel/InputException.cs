namespace Planner.CostModel;

/// <summary>
/// Bad input: one <see cref="InputProblem"/> per problem, each naming the field (as a JSON path or flag where there is
/// one) and the allowed range, e.g. <c>options[1].targetUtilization must be &gt; 0 and &lt;= 1 (got 1.5)</c>.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(IReadOnlyList<InputProblem> problems)
        : base(problems.Count == 1 ? problems[0].Message : $"{problems.Count} problems: " + string.Join("; ", problems.Select(p => p.Message)))
    {
        Problems = problems;
    }

    public InputException(InputProblem problem) : this([problem])
    {
    }

    /// <summary>A problem that no single field owns.</summary>
    public InputException(string problem) : this(InputProblem.General(problem))
    {
    }

    public InputException() : this("invalid input")
    {
    }

    public InputException(string message, Exception innerException) : base(message, innerException)
    {
        Problems = [InputProblem.General(message)];
    }

    public IReadOnlyList<InputProblem> Problems { get; }

    /// <summary>Throws one exception listing <paramref name="problems"/>, lines that no single field owns, when there are any.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count > 0)
        {
            throw new InputException(problems.Select(InputProblem.General).ToList());
        }
    }

    /// <summary>The problems' lines, as the CLI prints them.</summary>
    public IReadOnlyList<string> Lines => Problems.Select(p => p.Message).ToArray();

    /// <summary>The one message every host shows when checked arithmetic overflows on extreme inputs.</summary>
    public static string Overflow(OverflowException ex) =>
        $"a number is too large to compute ({ex.Message}); check the inputs' magnitudes";
}
