using System.CommandLine;
using System.Globalization;
using System.Text;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Cli.Commands;

/// <summary>The load options <c>bench serve</c> and <c>bench endpoint</c> share, and their parsing into a sweep of loads.</summary>
internal sealed class ServingLoadOptions
{
    private readonly Option<string?> _rate = new("--rate") { Description = "Poisson arrivals per second; a comma list is a sweep (e.g. 1,2,4)." };
    private readonly Option<string?> _concurrency = new("--concurrency") { Description = "Clients each sending the next request when the last ends; a comma list is a sweep." };
    private readonly Option<double> _duration = new("--duration") { Description = "Seconds per load point during which requests start (in-flight ones then finish).", DefaultValueFactory = _ => 10 };
    private readonly Option<int> _inputTokens = new("--input-tokens") { Description = "Prompt tokens per request.", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _outputTokens = new("--output-tokens") { Description = "Output tokens per request.", DefaultValueFactory = _ => 32 };
    private readonly Option<int> _maxRequests = new("--max-requests") { Description = "At most this many requests per load point.", DefaultValueFactory = _ => 1000 };
    private readonly Option<double> _timeout = new("--timeout") { Description = "Seconds after which an unfinished request counts as a timeout error.", DefaultValueFactory = _ => 60 };
    private readonly Option<double?> _ttftMs = new("--ttft-ms") { Description = "Target time to first token, ms (with --itl-ms: goodput and the pass/fail flag)." };
    private readonly Option<double?> _itlMs = new("--itl-ms") { Description = "Target mean inter-token latency, ms." };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of arrivals and prompts.", DefaultValueFactory = _ => 42 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _rate, _concurrency, _duration, _inputTokens, _outputTokens, _maxRequests, _timeout, _ttftMs, _itlMs, _seed })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>A field name as its command-line flag: <c>inputTokens</c> → <c>--input-tokens</c>.</summary>
    public static string Flag(string field)
    {
        var flag = new StringBuilder("--");
        foreach (var c in field)
        {
            flag.Append(char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString());
        }
        return flag.ToString();
    }

    public int Seed(ParseResult parse) => parse.GetValue(_seed);

    /// <summary>The loads of the sweep (one per rate or concurrency given) and the targets; every problem is thrown together.</summary>
    /// <exception cref="InputException">A value is out of range; each line names the flag.</exception>
    public (IReadOnlyList<ServingLoad> Loads, ServingTargets? Targets) Parse(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var problems = new List<string>();
        var rates = List(parse.GetValue(_rate), "--rate", problems);
        var concurrencies = List(parse.GetValue(_concurrency), "--concurrency", problems);
        if (rates.Count > 0 == concurrencies.Count > 0)
        {
            problems.Add("--rate / --concurrency: give exactly one of them.");
        }
        var template = new ServingLoad(null, null, parse.GetValue(_duration), parse.GetValue(_inputTokens), parse.GetValue(_outputTokens),
            parse.GetValue(_maxRequests), parse.GetValue(_timeout), parse.GetValue(_seed));
        foreach (var c in concurrencies.Where(c => c != Math.Floor(c) || c > int.MaxValue))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--concurrency: must be whole numbers of clients, got {c}."));
        }
        var loads = rates.Select(r => template with { RatePerSecond = r })
            .Concat(concurrencies.Where(c => c == Math.Floor(c) && c <= int.MaxValue).Select(c => template with { Concurrency = (int)c }))
            .ToList();
        if (loads.Count > 0)
        {
            problems.AddRange(loads.SelectMany(l => l.Problems(Flag)).Distinct());
        }
        ServingTargets? targets = null;
        var ttft = parse.GetValue(_ttftMs);
        var itl = parse.GetValue(_itlMs);
        if (ttft is null != itl is null)
        {
            problems.Add("--ttft-ms / --itl-ms: give both targets or neither.");
        }
        else if (ttft is { } t && itl is { } i)
        {
            targets = new ServingTargets(t, i);
            problems.AddRange(targets.Problems(Flag));
        }
        InputException.ThrowIfAny(problems);
        return (loads, targets);
    }

    private static List<double> List(string? text, string flag, List<string> problems)
    {
        var values = new List<double>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return values;
        }
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                values.Add(value);
            }
            else
            {
                problems.Add($"{flag}: '{part}' is not a number; give one number or a comma list (e.g. 1,2,4).");
            }
        }
        return values;
    }
}
