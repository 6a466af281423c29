using Microsoft.AspNetCore.Components;
using Planner.CostModel;
using Planner.CostModel.Uncertainty;
using Planner.Reports.Localization;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

/// <summary>
/// The risk page: runs <see cref="MonteCarlo"/> on the scenario open in the editor, with a progress bar and a Cancel
/// button. A run is cancelled by the button, by leaving the page (<see cref="PlannerComponent.Aborted"/>) or by the engine
/// noticing within a block of trials; a cancelled run shows how far it got and never any results.
/// </summary>
public sealed partial class Risk
{
    [Inject] private ScenarioWorkspace Workspace { get; set; } = default!;

    private int _trials = 10_000;
    private long _seed = 42;
    private string? _message;
    private string? _trialsProblem;
    private SimulationResult? _result;

    /// <summary>The run in progress; null when none is.</summary>
    private CancellationTokenSource? _cancel;

    /// <summary>The progress of the run in progress, or of the last one (for "Cancelled after N of M trials").</summary>
    private RunProgress? _progress;

    private bool Running => _cancel is not null;

    /// <summary>
    /// All cores but one: a simulation on every core keeps the thread pool busy with its own work, and the server then
    /// reads the Cancel click (and every other circuit's events) only after the trials are done.
    /// </summary>
    private static int SimulationThreads => Math.Max(1, Environment.ProcessorCount - 1);

    protected override void OnInitialized() => Workspace.Changed += OnWorkspaceChanged;

    private async Task RunAsync()
    {
        var scenario = Workspace.Resolved!;
        var trials = _trials;
        var seed = _seed;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Aborted);
        _cancel = cancel;
        _progress = new RunProgress(trials, beforeRender => InvokeAsync(() =>
        {
            beforeRender();
            StateHasChanged();
        }));
        _result = null;
        _message = null;
        _trialsProblem = null;
        var progress = _progress;
        var token = cancel.Token;
        try
        {
            var settings = new SimulationSettings { Trials = trials, Seed = seed, MaxDegreeOfParallelism = SimulationThreads };
            _result = await Task.Run(() => MonteCarlo.Run(scenario, settings, progress.Reports, token), token);
        }
        catch (OperationCanceledException)
        {
            // Every report the engine made happened before it threw, so the count is where it stopped.
            _message = L["Cancelled", Display.Number(progress.FinishedTrials), Display.Number(trials)];
        }
        catch (InputException ex)
        {
            var trialsProblems = ex.Problems.Where(p => p.Path == "--trials").Select(p => CostModelText.Problem(p)).ToList();
            _trialsProblem = trialsProblems.Count == 0 ? null : string.Join(" ", trialsProblems);
            var others = ex.Problems.Where(p => p.Path != "--trials").Select(p => CostModelText.Problem(p)).ToList();
            _message = others.Count == 0 ? null : string.Join(" · ", others);
        }
        finally
        {
            _cancel = null;
        }
    }

    private void Cancel() => _cancel?.Cancel();

    private void OnWorkspaceChanged() => _ = InvokeAsync(StateHasChanged);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Workspace.Changed -= OnWorkspaceChanged;
        }
        base.Dispose(disposing);
    }

    /// <summary>A run's trials and its progress (for "Cancelled after N of M trials").</summary>
    private sealed class RunProgress(int trials, Func<Action, Task> render)
    {
        public RenderProgress Reports { get; } = new(render);

        public int Trials => trials;

        public double Fraction => Reports.Fraction;

        public int FinishedTrials => (int)Math.Round(Fraction * trials);
    }
}
