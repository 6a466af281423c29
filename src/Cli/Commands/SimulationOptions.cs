using System.CommandLine;
using Planner.CostModel.Uncertainty;

namespace Planner.Cli.Commands;

/// <summary>The <c>--trials</c> and <c>--seed</c> options of the verbs that run a Monte Carlo simulation (simulate, report).</summary>
internal sealed class SimulationOptions
{
    public Option<int> Trials { get; } = new("--trials")
    {
        Description = $"Number of Monte Carlo trials, {SimulationSettings.MinTrials} to {SimulationSettings.MaxTrials:N0} (default {SimulationSettings.DefaultTrials:N0})",
        DefaultValueFactory = _ => SimulationSettings.DefaultTrials,
    };

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = $"Random seed; the same seed gives the same result on any machine and thread count (default {SimulationSettings.DefaultSeed})",
        DefaultValueFactory = _ => SimulationSettings.DefaultSeed,
    };

    public SimulationSettings Settings(ParseResult parse) => new() { Trials = parse.GetValue(Trials), Seed = parse.GetValue(Seed) };
}

/// <summary>A one-line percentage on standard error, rewritten in place; only used when standard error is a terminal.</summary>
internal sealed class StderrProgress(string label) : IProgress<double>, IDisposable
{
    private readonly Lock _gate = new();
    private int _shown = -1;
    private bool _done;

    /// <summary>A progress line, or null when standard error is redirected (nothing to rewrite in place).</summary>
    public static StderrProgress? ForTerminal(string label) => Console.IsErrorRedirected ? null : new StderrProgress(label);

    public void Report(double value)
    {
        var percent = (int)Math.Floor(100 * value);
        lock (_gate)
        {
            if (_done || percent <= _shown)
            {
                return;
            }
            _shown = percent;
            Console.Error.Write($"\r{label}... {percent,3}%");
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (!_done && _shown >= 0)
            {
                Console.Error.Write("\r" + new string(' ', label.Length + 10) + "\r");
            }
            _done = true;
        }
    }

    public void Dispose() => Finish();
}
