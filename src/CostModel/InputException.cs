namespace Planner.CostModel;

/// <summary>
/// Bad input: one human-readable line per problem, each naming the field (as a JSON path where there is one)
/// and the allowed range, e.g. <c>options[1].targetUtilization must be &gt; 0 and &lt;= 1 (got 1.5)</c>.
/// </summary>
public sealed class InputException : Exception
{
    public InputException(IReadOnlyList<string> problems)
        : base(problems.Count == 1 ? problems[0] : $"{problems.Count} problems: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public InputException(string problem) : this([problem])
    {
    }

    public InputException() : this("invalid input")
    {
    }

    public InputException(string message, Exception innerException) : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>The one message every host shows when checked arithmetic overflows on extreme inputs.</summary>
    public static string Overflow(OverflowException ex) =>
        $"a number is too large to compute ({ex.Message}); check the inputs' magnitudes";
}
