using System.Globalization;
using Planner.CostModel.Inputs;
using Planner.CostModel.Text;

namespace Planner.CostModel.Uncertainty;

public enum DistributionKind
{
    Triangular,
    Pert,
    Normal,
    LogNormal,
    Uniform,
    Discrete,
}

/// <summary>
/// A probability distribution for one uncertain input (see docs/scenario-format.md, "Uncertain inputs").
/// Triangular and PERT use <see cref="Min"/>, <see cref="Mode"/>, <see cref="Max"/>; uniform uses Min and Max;
/// normal uses <see cref="Mean"/> and <see cref="StdDev"/>, truncated to [Min, Max] when they are given;
/// lognormal uses the Mean and StdDev of the variable itself (not of its logarithm); discrete uses
/// <see cref="Values"/> and <see cref="Weights"/>.
/// </summary>
public sealed record Distribution
{
    public required DistributionKind Kind { get; init; }

    public double? Min { get; init; }

    public double? Mode { get; init; }

    public double? Max { get; init; }

    public double? Mean { get; init; }

    public double? StdDev { get; init; }

    public IReadOnlyList<double> Values { get; init; } = [];

    public IReadOnlyList<double> Weights { get; init; } = [];

    /// <summary>The names of the parameters each kind takes, as written in JSON.</summary>
    public static IReadOnlyList<string> ParametersOf(DistributionKind kind) => kind switch
    {
        DistributionKind.Triangular or DistributionKind.Pert => ["min", "mode", "max"],
        DistributionKind.Normal => ["mean", "stdDev", "min", "max"],
        DistributionKind.LogNormal => ["mean", "stdDev"],
        DistributionKind.Uniform => ["min", "max"],
        DistributionKind.Discrete => ["values", "weights"],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The distribution as its JSON names it, for tables: "triangular(min 1.7, mode 2.5, max 4)", "discrete(1: 0.3, 2: 0.7)".</summary>
    public string Describe()
    {
        static string N(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var name = Kind == DistributionKind.LogNormal ? "lognormal" : Kind.ToString().ToLowerInvariant();
        if (Kind == DistributionKind.Discrete)
        {
            return $"{name}({string.Join(", ", Values.Select((v, i) => $"{N(v)}: {(i < Weights.Count ? N(Weights[i]) : "?")}"))})";
        }
        var parameters = new (string Name, double? Value)[] { ("min", Min), ("mode", Mode), ("max", Max), ("mean", Mean), ("stdDev", StdDev) };
        var given = ParametersOf(Kind).Select(p => parameters.First(q => q.Name == p)).Where(p => p.Value is not null);
        return $"{name}({string.Join(", ", given.Select(p => $"{p.Name} {N(p.Value!.Value)}"))})";
    }

    /// <summary>"carries more than one distribution": an input given two distributions.</summary>
    internal static readonly PhraseTemplate MoreThanOne = new("distribution.moreThanOne", "carries more than one distribution");
    private static readonly PhraseTemplate RequiredFor = new("distribution.requiredFor", "is required for a {0} distribution");
    private static readonly PhraseTemplate ModeOutside = new("distribution.modeOutside", "must have min <= mode <= max and min < max (got {0}, {1}, {2})");
    private static readonly PhraseTemplate MinNotBelowMax = new("distribution.minNotBelowMax", "must have min < max (got {0}, {1})");
    private static readonly PhraseTemplate LogNormalMean = new("distribution.logNormalMean", "must be > 0 for a lognormal distribution (got {0})");
    private static readonly PhraseTemplate NoValues = new("distribution.noValues", "must list at least one value");
    private static readonly PhraseTemplate WeightCount = new("distribution.weightCount", "must have one weight per value ({0}), got {1}");
    private static readonly PhraseTemplate BadWeights = new("distribution.badWeights", "must be >= 0 with a positive sum");

    /// <summary>A parameter as the problems write it (round-trip, invariant).</summary>
    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Problems with the parameters, each prefixed with <paramref name="path"/>; empty when valid.</summary>
    public IReadOnlyList<InputProblem> Validate(string path)
    {
        var problems = new List<InputProblem>();
        void Need(double? value, string name)
        {
            if (value is null)
            {
                problems.Add(InputProblem.At($"{path}.{name}", RequiredFor.With(Kind.ToString().ToLowerInvariant())));
            }
        }
        switch (Kind)
        {
            case DistributionKind.Triangular or DistributionKind.Pert:
                Need(Min, "min");
                Need(Mode, "mode");
                Need(Max, "max");
                if (Min is { } a && Mode is { } c && Max is { } b && !(a <= c && c <= b && a < b))
                {
                    problems.Add(InputProblem.At(path, ModeOutside.With(Invariant(a), Invariant(c), Invariant(b))));
                }
                break;
            case DistributionKind.Uniform:
                Need(Min, "min");
                Need(Max, "max");
                if (Min is { } lo && Max is { } hi && !(lo < hi))
                {
                    problems.Add(InputProblem.At(path, MinNotBelowMax.With(Invariant(lo), Invariant(hi))));
                }
                break;
            case DistributionKind.Normal:
                Need(Mean, "mean");
                Need(StdDev, "stdDev");
                if (StdDev is <= 0)
                {
                    problems.Add(InputProblem.At($"{path}.stdDev", ProblemPhrases.OutOfRange(NumberRange.Positive.AsPhrase(), Invariant(StdDev!.Value))));
                }
                if (Min is { } nlo && Max is { } nhi && !(nlo < nhi))
                {
                    problems.Add(InputProblem.At(path, MinNotBelowMax.With(Invariant(nlo), Invariant(nhi))));
                }
                break;
            case DistributionKind.LogNormal:
                Need(Mean, "mean");
                Need(StdDev, "stdDev");
                if (Mean is <= 0)
                {
                    problems.Add(InputProblem.At($"{path}.mean", LogNormalMean.With(Invariant(Mean!.Value))));
                }
                if (StdDev is <= 0)
                {
                    problems.Add(InputProblem.At($"{path}.stdDev", ProblemPhrases.OutOfRange(NumberRange.Positive.AsPhrase(), Invariant(StdDev!.Value))));
                }
                break;
            case DistributionKind.Discrete:
                if (Values.Count == 0)
                {
                    problems.Add(InputProblem.At($"{path}.values", NoValues.With()));
                }
                if (Weights.Count != 0 && Weights.Count != Values.Count)
                {
                    problems.Add(InputProblem.At($"{path}.weights", WeightCount.With(Values.Count.ToString(CultureInfo.InvariantCulture), Weights.Count.ToString(CultureInfo.InvariantCulture))));
                }
                if (Weights.Any(w => !(w >= 0)) || (Weights.Count > 0 && Weights.Sum() <= 0))
                {
                    problems.Add(InputProblem.At($"{path}.weights", BadWeights.With()));
                }
                break;
        }
        return problems;
    }

    /// <summary>The expected value: the input's value in the deterministic evaluation unless the scenario gives one.</summary>
    public double ExpectedValue()
    {
        switch (Kind)
        {
            case DistributionKind.Triangular:
                return (Min!.Value + Mode!.Value + Max!.Value) / 3;
            case DistributionKind.Pert:
                return (Min!.Value + 4 * Mode!.Value + Max!.Value) / 6;
            case DistributionKind.Uniform:
                return (Min!.Value + Max!.Value) / 2;
            case DistributionKind.LogNormal:
                return Mean!.Value;
            case DistributionKind.Normal:
                return TruncatedNormalMean(Mean!.Value, StdDev!.Value, Min, Max);
            case DistributionKind.Discrete:
                var weights = Weights.Count == 0 ? Values.Select(_ => 1.0).ToArray() : Weights.ToArray();
                return Values.Select((v, i) => v * weights[i]).Sum() / weights.Sum();
            default:
                throw new InvalidOperationException($"unknown distribution kind {Kind}");
        }
    }

    private static double TruncatedNormalMean(double mean, double sd, double? min, double? max)
    {
        if (min is null && max is null)
        {
            return mean;
        }
        var alpha = min is { } lo ? (lo - mean) / sd : double.NegativeInfinity;
        var beta = max is { } hi ? (hi - mean) / sd : double.PositiveInfinity;
        var z = SpecialFunctions.NormalCdf(beta) - SpecialFunctions.NormalCdf(alpha);
        return mean + sd * (SpecialFunctions.NormalPdf(alpha) - SpecialFunctions.NormalPdf(beta)) / z;
    }
}

/// <summary>An input (by key, see <see cref="Inputs.ScenarioInputs"/>) that carries a distribution.</summary>
public sealed record UncertainInput(string Key, Distribution Distribution)
{
    /// <summary>The value used by the deterministic evaluation when the scenario gives one ("value"); else the expected value.</summary>
    public double? BaseValue { get; init; }
}

/// <summary>A Spearman rank correlation between two uncertain inputs.</summary>
public sealed record RankCorrelation(string First, string Second, double Coefficient);
