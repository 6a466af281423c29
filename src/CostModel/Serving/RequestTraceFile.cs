using System.Globalization;

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
                problems.Add(InputProblem.At(at, $"is longer than {MaxLineLength} characters"));
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
                    throw new InputException(InputProblem.At(at, $"must be the header naming the columns {string.Join(",", Columns)} (missing {string.Join(", ", missing)})"));
                }
                continue;
            }
            if (requests.Count >= MaxRows)
            {
                problems.Add(InputProblem.At(at, $"is past the limit of {MaxRows} requests"));
                break;
            }
            string Cell(int k) => index[k] < cells.Length ? cells[index[k]] : "";
            var lineProblems = new List<string>();
            if (!double.TryParse(Cell(0), NumberStyles.Float, CultureInfo.InvariantCulture, out var arrival) || !(arrival >= 0 && arrival <= MaxArrivalSeconds))
            {
                lineProblems.Add($"arrival_s must be a number >= 0 and <= {MaxArrivalSeconds} seconds (got \"{Cell(0)}\")");
            }
            else if (arrival < previous)
            {
                lineProblems.Add(string.Create(CultureInfo.InvariantCulture, $"arrival_s must not be earlier than the line before ({arrival} < {previous})"));
            }
            int Tokens(int k)
            {
                if (!int.TryParse(Cell(k), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tokens) || tokens is < 1 or > MaxTokens)
                {
                    lineProblems.Add($"{Columns[k]} must be a whole number >= 1 and <= {MaxTokens} (got \"{Cell(k)}\")");
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
            problems.Add(InputProblem.At(source, index is null ? "is empty: it needs the header arrival_s,input_tokens,output_tokens and one request a line" : "has a header but no requests"));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        return requests;
    }
}
