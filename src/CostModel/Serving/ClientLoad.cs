using Planner.CostModel.Text;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Serving;

/// <summary>
/// Closed-loop users of the capacity engine (docs/methodology.md, "Closed-loop capacity"): <see cref="Clients"/> users
/// each think, send a request of <see cref="InputTokens"/> → <see cref="OutputTokens"/> tokens, wait for its answer and
/// think again, until <see cref="DurationSeconds"/> (no request is sent later) or <see cref="MaxRequests"/> were sent.
/// Think times are exponential of mean <see cref="ThinkSeconds"/>, drawn from a counter-based source of
/// <see cref="Seed"/>; with a mean of 0 every client sends at 0 and again the moment its request ends, the load of a
/// concurrency benchmark (GuideLLM's concurrency mode, AIPerf, <c>vllm bench serve --max-concurrency</c>).
/// </summary>
public sealed record ClientLoad(int Clients, double ThinkSeconds, double DurationSeconds, int InputTokens, int OutputTokens, int Seed)
{
    public const int MaxClients = 1_000_000;

    public const double MaxThinkSeconds = 3600;

    /// <summary>The most requests the run sends; <see cref="FleetSimulator.MaxRequests"/> unless a benchmark's count is replayed.</summary>
    public int MaxRequests { get; init; } = FleetSimulator.MaxRequests;

    /// <summary>Every value out of range, each at its field as <paramref name="fieldOf"/> spells it (<c>clients</c>, <c>thinkTime</c>, <c>duration</c>, …).</summary>
    public IReadOnlyList<InputProblem> Validate(Func<string, string>? fieldOf = null)
    {
        fieldOf ??= f => f;
        var problems = new List<InputProblem>();
        if (Clients is < 1 or > MaxClients)
        {
            problems.Add(InputProblem.At(fieldOf("clients"), ProblemPhrases.NotBetween(1, MaxClients, Clients)));
        }
        problems.AddRange(ThinkTimeProblems(ThinkSeconds, fieldOf));
        if (!(DurationSeconds > 0 && DurationSeconds <= CapacityQuery.MaxDurationSeconds))
        {
            problems.Add(InputProblem.At(fieldOf("duration"), ProblemPhrases.NotAboveAtMost(0, CapacityQuery.MaxDurationSeconds, DurationSeconds, ProblemPhrases.Seconds.With())));
        }
        if (InputTokens is < 1 or > RequestTraceFile.MaxTokens)
        {
            problems.Add(InputProblem.At(fieldOf("inputTokens"), ProblemPhrases.NotBetween(1, RequestTraceFile.MaxTokens, InputTokens)));
        }
        if (OutputTokens is < 1 or > RequestTraceFile.MaxTokens)
        {
            problems.Add(InputProblem.At(fieldOf("outputTokens"), ProblemPhrases.NotBetween(1, RequestTraceFile.MaxTokens, OutputTokens)));
        }
        if (MaxRequests is < 1 or > FleetSimulator.MaxRequests)
        {
            problems.Add(InputProblem.At(fieldOf("maxRequests"), ProblemPhrases.NotBetween(1, FleetSimulator.MaxRequests, MaxRequests)));
        }
        return problems;
    }

    /// <summary>The think time's range, at its field: >= 0 and <= <see cref="MaxThinkSeconds"/> seconds.</summary>
    public static IReadOnlyList<InputProblem> ThinkTimeProblems(double thinkSeconds, Func<string, string> fieldOf)
    {
        ArgumentNullException.ThrowIfNull(fieldOf);
        return thinkSeconds is >= 0 and <= MaxThinkSeconds
            ? []
            : [InputProblem.At(fieldOf("thinkTime"), ProblemPhrases.NotBetween(0, MaxThinkSeconds, thinkSeconds, ProblemPhrases.Seconds.With()))];
    }

    /// <summary>When client <paramref name="client"/> sends its first request: after a first think (draw 2·client + 1), so the users do not all start together.</summary>
    public double FirstSendSeconds(int client) => Think(2L * client + 1);

    /// <summary>The think time after request <paramref name="request"/> ends (draw 2·request).</summary>
    public double ThinkAfter(int request) => Think(2L * request);

    /// <summary>An exponential draw of mean <see cref="ThinkSeconds"/> by inverse transform, −S·ln(U); 0 without drawing when S = 0.</summary>
    private double Think(long draw) => ThinkSeconds > 0 ? -ThinkSeconds * Math.Log(CounterRandom.Uniform(Seed, draw)) : 0;
}
