using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Inputs;

/// <summary>The allowed values of a numeric input; <see cref="Describe"/> is used verbatim in error messages.</summary>
public sealed record NumberRange(double Min, bool MinInclusive, double Max, bool MaxInclusive)
{
    public static readonly NumberRange Any = new(double.NegativeInfinity, false, double.PositiveInfinity, false);
    public static readonly NumberRange NonNegative = AtLeast(0);
    public static readonly NumberRange Positive = Above(0);
    public static readonly NumberRange Fraction = Between(0, 1);
    public static readonly NumberRange PositiveFraction = new(0, false, 1, true);
    public static readonly NumberRange RateChange = new(-1, false, 10, true);

    public static NumberRange AtLeast(double min) => new(min, true, double.PositiveInfinity, false);

    public static NumberRange Above(double min) => new(min, false, double.PositiveInfinity, false);

    public static NumberRange Between(double min, double max) => new(min, true, max, true);

    public bool Contains(double value) =>
        double.IsFinite(value)
        && (MinInclusive ? value >= Min : value > Min)
        && (MaxInclusive ? value <= Max : value < Max);

    private static readonly PhraseTemplate MustBeBoth = new("range.both", "must be {0} and {1}");
    private static readonly PhraseTemplate MustBeOne = new("range.one", "must be {0}");
    private static readonly PhraseTemplate MustBeFinite = new("range.finite", "must be a finite number");

    /// <summary>"must be &gt; 0 and &lt;= 1", "must be &gt;= 0", ...</summary>
    public string Describe() => AsPhrase().ToString();

    /// <summary><see cref="Describe"/> as a phrase (the bounds, "&gt;= 0", are written the same in every language).</summary>
    public Phrase AsPhrase()
    {
        var parts = new List<string>(2);
        if (!double.IsNegativeInfinity(Min))
        {
            parts.Add((MinInclusive ? ">= " : "> ") + Format(Min));
        }
        if (!double.IsPositiveInfinity(Max))
        {
            parts.Add((MaxInclusive ? "<= " : "< ") + Format(Max));
        }
        return Bounds(parts);
    }

    /// <summary>The range's words from its bounds as written ("&gt;= 0", "&lt;= 1"): none, one or both.</summary>
    internal static Phrase Bounds(IReadOnlyList<string> parts) => parts.Count switch
    {
        0 => MustBeFinite.With(),
        1 => MustBeOne.With(parts[0]),
        _ => MustBeBoth.With(parts[0], parts[1]),
    };

    /// <summary>"must be {lower} and {upper}" with bounds the caller wrote ("&gt;= 1", "&lt;= 1000000").</summary>
    internal static Phrase BothBounds(string lowerBound, string upperBound) => MustBeBoth.With(lowerBound, upperBound);

    /// <summary>The nearest allowed value (used to keep sensitivity and simulation values in range).</summary>
    public double Clamp(double value)
    {
        if (value < Min || (!MinInclusive && value == Min))
        {
            return MinInclusive ? Min : Min + Math.Max(Math.Abs(Min) * 1e-9, 1e-12);
        }
        if (value > Max || (!MaxInclusive && value == Max))
        {
            return MaxInclusive ? Max : Max - Math.Max(Math.Abs(Max) * 1e-9, 1e-12);
        }
        return value;
    }

    /// <summary>Whole numbers from a million up with thousands separators ("1,000,000,000"), others round-trip.</summary>
    internal static string Format(double value) =>
        Math.Abs(value) >= 1e6 && Math.Abs(value) < 1e18 && value == Math.Round(value)
            ? value.ToString("N0", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
}
