using Planner.CostModel.Inputs;

namespace Planner.CostModel.Text;

/// <summary>
/// The wordings that problems share across the cost model, the store and the hosts: a value out of its range, one of a
/// list, a required field (docs/decisions/033-one-table-of-cost-model-words.md). Each problem still names its field by
/// its path and the allowed range in its words, in every language.
/// </summary>
public static class ProblemPhrases
{
    private static readonly PhraseTemplate OutOfRangeTemplate = new("problem.outOfRange", "{0} (got {1})");
    private static readonly PhraseTemplate OutOfRangeInUnitTemplate = new("problem.outOfRangeInUnit", "{0} {1} (got {2})");
    private static readonly PhraseTemplate OneOfTemplate = new("problem.oneOf", "must be one of {0} (got \"{1}\")");
    private static readonly PhraseTemplate RequiredTemplate = new("problem.isRequired", "is required");
    private static readonly PhraseTemplate NotEmptyTemplate = new("problem.notEmpty", "must not be empty");
    private static readonly PhraseTemplate FiniteTemplate = new("problem.notFinite", "must be a finite number (got {0})");
    private static readonly PhraseTemplate WholeBetweenTemplate = new("problem.wholeBetween", "must be a whole number >= {0} and <= {1} (got {2})");

    /// <summary>Units that problems write after a range ("must be &gt; 0 and &lt;= 100 requests/s").</summary>
    public static readonly PhraseTemplate RequestsPerSecond = new("unitWord.requestsPerSecond", "requests/s");

    /// <inheritdoc cref="RequestsPerSecond"/>
    public static readonly PhraseTemplate Seconds = new("unitWord.seconds", "seconds");

    /// <summary>"{range} (got {value})": the range as <see cref="NumberRange.AsPhrase"/> or <see cref="Between"/> words it.</summary>
    public static Phrase OutOfRange(Phrase range, string got) => OutOfRangeTemplate.With(range, got);

    /// <summary>"{range} {unit} (got {value})", with the unit as a phrase (<see cref="Seconds"/>) or a symbol ("ms", "µs").</summary>
    public static Phrase OutOfRange(Phrase range, object unit, string got) => OutOfRangeInUnitTemplate.With(range, unit, got);

    /// <summary>"must be {lower} and {upper}" from bounds written as the caller writes them ("&gt;= 1", "&lt;= 1000000").</summary>
    public static Phrase Between(string lowerBound, string upperBound) => NumberRange.BothBounds(lowerBound, upperBound);

    /// <summary>"must be &gt;= min and &lt;= max (got x)", the figures written invariantly; with a unit after the range when one is given.</summary>
    public static Phrase NotBetween(double min, double max, double got, object? unit = null) =>
        Range(Between(">= " + Invariant(min), "<= " + Invariant(max)), unit, Invariant(got));

    /// <summary>"must be &gt; min and &lt;= max (got x)", as <see cref="NotBetween"/>.</summary>
    public static Phrase NotAboveAtMost(double min, double max, double got, object? unit = null) =>
        Range(Between("> " + Invariant(min), "<= " + Invariant(max)), unit, Invariant(got));

    private static Phrase Range(Phrase range, object? unit, string got) => unit is null ? OutOfRange(range, got) : OutOfRange(range, unit, got);

    /// <summary>A figure as problems print it: invariant, shortest round-trip form.</summary>
    internal static string Invariant(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"must be {bound}" or "must be {lower} and {upper}" from bounds written as the caller writes them; "must be a finite number" with none.</summary>
    public static Phrase Bounds(IReadOnlyList<string> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return NumberRange.Bounds(bounds);
    }

    /// <summary>"must be one of a, b, c (got "x")".</summary>
    public static Phrase OneOf(string choices, string got) => OneOfTemplate.With(choices, got);

    /// <summary>"is required".</summary>
    public static Phrase Required() => RequiredTemplate.With();

    /// <summary>"must not be empty".</summary>
    public static Phrase NotEmpty() => NotEmptyTemplate.With();

    /// <summary>"must be a finite number (got x)".</summary>
    public static Phrase NotFinite(string got) => FiniteTemplate.With(got);

    /// <summary>"must be a whole number &gt;= min and &lt;= max (got x)".</summary>
    public static Phrase WholeBetween(string min, string max, string got) => WholeBetweenTemplate.With(min, max, got);
}
