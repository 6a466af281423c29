using System.Globalization;
using Planner.CostModel.Text;

namespace Planner.CostModel.Serving;

/// <summary>
/// A request trace to replay in the simulator (docs/methodology.md, "Serving simulator"): CSV with the header
/// <c>arrival_s,input_tokens,output_tokens</c> (columns in any order, others ignored), one request a line, arrival times in
/// seconds from the start and not decreasing; blank lines and lines starting with <c>#</c> are skipped. At most
/// <see cref="MaxRows"/> requests and <see cref="MaxLineLength"/> characters a line; every bad line is reported with its number.
/// </summary>
public static class RequestTraceFile
{
    public const int MaxRows = FleetSimulator.MaxRequests;
    public const int MaxLineLength = 1000;
    public const int MaxTokens = 1_048_576;
    public const double MaxArrivalSeconds = 31_622_400; // 366 days
    private const int MaxProblems = 20;

    public static readonly string[] Columns = ["arrival_s", "input_tokens", "output_tokens"];

    /// <summary>Reads the trace; <paramref name="source"/> names it in messages (<c>trace.csv:12</c>).</summary>
    /// <exception cref="InputException">The header lacks a column, or lines are bad (up to 20 named), or the trace is empty or too long.</exception>
    private static readonly PhraseTemplate BadArrival = new("trace.badArrival", "arrival_s must be a number >= 0 and <= {0} seconds (got \"{1}\")");
    private static readonly PhraseTemplate EarlierArrival = new("trace.earlierArrival", "arrival_s must not be earlier than the line before ({0} < {1})");
    private static readonly PhraseTemplate BadTokens = new("trace.badTokens", "{0} must be a whole number >= 1 and <= {1} (got \"{2}\")");
    private static readonly PhraseTemplate LineTooLong = new("trace.lineTooLong", "is longer than {0} characters");
    private static readonly PhraseTemplate BadHeader = new("trace.badHeader", "must be the header naming the columns {0} (missing {1})");
    private static readonly PhraseTemplate TooManyRows = new("trace.tooManyRows", "is past the limit of {0} requests");
    private static readonly PhraseTemplate EmptyTrace = new("trace.empty", "is empty: it needs the header arrival_s,input_tokens,output_tokens and one request a line");
    private static readonly PhraseTemplate HeaderOnly = new("trace.headerOnly", "has a header but no requests");

    public static IReadOnlyList<ServingRequest> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<InputProblem>();
        var requests = new List<ServingRequest>();
        int[]? index = null;
        var lineNumber = 0;
        var previous = 0.0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var at = $"{source}:{lineNumber}";
            if (line.Length > MaxLineLength)
            {
                problems.Add(InputProblem.At(at, LineTooLong.With(MaxLineLength.ToString(CultureInfo.InvariantCulture))));
                break;
            }
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }
            var cells = trimmed.Split(',').Select(c => c.Trim()).ToArray();
            if (index is null)
            {
                index = Columns.Select(c => Array.FindIndex(cells, h => string.Equals(h, c, StringComparison.OrdinalIgnoreCase))).ToArray();
                var missing = Columns.Where((_, k) => index[k] < 0).ToList();
                if (missing.Count > 0)
                {
                    throw new InputException(InputProblem.At(at, BadHeader.With(string.Join(",", Columns), string.Join(", ", missing))));
                }
                continue;
            }
            if (requests.Count >= MaxRows)
            {
                problems.Add(InputProblem.At(at, TooManyRows.With(MaxRows.ToString(CultureInfo.InvariantCulture))));
                break;
            }
            string Cell(int k) => index[k] < cells.Length ? cells[index[k]] : "";
            var lineProblems = new List<Phrase>();
            if (!double.TryParse(Cell(0), NumberStyles.Float, CultureInfo.InvariantCulture, out var arrival) || !(arrival >= 0 && arrival <= MaxArrivalSeconds))
            {
                lineProblems.Add(BadArrival.With(MaxArrivalSeconds.ToString(CultureInfo.InvariantCulture), Cell(0)));
            }
            else if (arrival < previous)
            {
                lineProblems.Add(EarlierArrival.With(arrival.ToString(CultureInfo.InvariantCulture), previous.ToString(CultureInfo.InvariantCulture)));
            }
            int Tokens(int k)
            {
                if (!int.TryParse(Cell(k), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tokens) || tokens is < 1 or > MaxTokens)
                {
                    lineProblems.Add(BadTokens.With(Columns[k], MaxTokens.ToString(CultureInfo.InvariantCulture), Cell(k)));
                }
                return tokens;
            }
            var input = Tokens(1);
            var output = Tokens(2);
            if (lineProblems.Count > 0)
            {
                problems.AddRange(lineProblems.Select(p => InputProblem.At(at, p)));
                if (problems.Count >= MaxProblems)
                {
                    break;
                }
                continue;
            }
            previous = arrival;
            requests.Add(new ServingRequest(requests.Count, arrival, input, output));
        }
        if (problems.Count == 0 && requests.Count == 0)
        {
            problems.Add(InputProblem.At(source, (index is null ? EmptyTrace : HeaderOnly).With()));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        return requests;
    }
}
