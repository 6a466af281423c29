using Microsoft.AspNetCore.Components;
using Planner.CostModel;
using Planner.CostModel.Projection;
using Planner.CostModel.Serving;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Projections;
using Planner.Reports.Localization;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

/// <summary>
/// The capacity page: a model from the models catalog on GPUs from the gpus catalog, sized at p95 TTFT and ITL targets by
/// <see cref="CapacityService"/> (the service of <c>planner capacity</c> and <c>POST /api/capacity</c>). A search is long
/// work, run off the circuit with a progress bar and a Cancel button; a cancelled search shows no results. The peak
/// demand is applied to the capacity found without searching again, and the sizing goes to a scenario through
/// <see cref="UseInScenario"/> (the projection page's hand-off, with the fleet's GPU count).
/// </summary>
public partial class CapacityPage
{
    /// <summary>Fields the form shows, named as <see cref="CapacitySettings"/> names them in problem lines.</summary>
    private static readonly string[] Fields = ["model", "gpu", "gpusPerReplica", "precision", "inputTokens", "outputTokens", "ttftMs", "itlMs", "maxBatch", "duration", "schedulerSteps", "kvAllocation", "curveBatches", "curveGpus", "clients", "thinkTime"];

    /// <summary>Rates of the latency-against-rate charts.</summary>
    public const int SweepPoints = 12;

    internal static readonly int[] CurveBatchChoices = [1, 4, 8, 16, 32, 64, 128, 256, 512];
    internal static readonly int[] CurveGpuChoices = [1, 2, 4, 8, 16];

    [Inject] private CatalogService Catalogs { get; set; } = default!;

    [Inject] private CapacityService Capacity { get; set; } = default!;

    private IReadOnlyList<CatalogModelShape>? _models;
    private IReadOnlyList<CatalogGpu>? _gpus;
    private string? _model;
    private string? _gpu;
    private int _gpusPerReplica = 1;
    private string _precision = Precisions.Name(Precision.Bf16);
    private int _inputTokens = 512;
    private int _outputTokens = 128;
    private double _ttftMs = 2000;
    private double _itlMs = 50;
    private int _maxBatch = 256;
    private double _duration = 120;

    /// <summary>Multi-step scheduling of the engine (<see cref="FleetSettings.SchedulerSteps"/>; 1 = every step admits).</summary>
    private int _schedulerSteps = 1;

    /// <summary>Whether the engine claims KV cache as tokens come (<see cref="KvAllocation.OnDemand"/>, vLLM, SGLang) rather than reserving whole sequences (the default).</summary>
    private bool _kvOnDemand;
    private IReadOnlyCollection<int> _curveBatches = [8, 32, 128];
    private IReadOnlyCollection<int> _curveGpus = [];
    private double? _peakRate;

    /// <summary>Whether the demand is closed-loop users (<see cref="_clients"/> thinking <see cref="_thinkTime"/>) rather than a rate.</summary>
    private bool _closedLoop;

    private int _clients = 500;
    private double _thinkTime = 5;

    private CapacityPlan? _plan;

    /// <summary>The settings <see cref="_plan"/> was found with (the form may have changed since).</summary>
    private CapacitySettings? _ran;

    private IReadOnlyList<InputProblem> _problems = [];
    private string? _message;
    private IReadOnlyList<ThroughputChoice> _choices = [];
    private string? _noChoice;

    /// <summary>The search in progress; null when none is.</summary>
    private CancellationTokenSource? _cancel;

    private RenderProgress? _progress;

    private bool Running => _cancel is not null;

    protected override async Task OnInitializedAsync()
    {
        _models = await Catalogs.ListAsync<CatalogModelShape>(Aborted);
        _gpus = await Catalogs.ListAsync<CatalogGpu>(Aborted);
        (_model, _gpu) = Planner.Web.Services.ReplicaDefaults.Choose(_models, _gpus);
    }

    /// <summary>The form as the service takes it.</summary>
    internal CapacitySettings Settings() => new()
    {
        Model = _model,
        Gpu = _gpu,
        GpusPerReplica = _gpusPerReplica,
        Precision = _precision,
        InputTokens = _inputTokens,
        OutputTokens = _outputTokens,
        TtftMs = _ttftMs,
        ItlMs = _itlMs,
        MaxBatch = _maxBatch,
        CurveBatches = _curveBatches.Order().ToList(),
        CurveGpus = _curveGpus.Order().ToList(),
        SweepPoints = SweepPoints,
        Duration = _duration,
        SchedulerSteps = _schedulerSteps,
        KvAllocation = _kvOnDemand ? "onDemand" : null,
        Clients = _closedLoop ? _clients : null,
        ThinkTime = _closedLoop ? _thinkTime : null,
    };

    private async Task RunAsync()
    {
        var settings = Settings();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Aborted);
        _cancel = cancel;
        var progress = new RenderProgress(beforeRender => InvokeAsync(() =>
        {
            beforeRender();
            StateHasChanged();
        }));
        _progress = progress;
        (_plan, _ran, _problems, _message) = (null, null, [], null);
        HandOff();
        var token = cancel.Token;
        try
        {
            // Off the circuit's thread: the search is CPU work, and the Cancel click must be read while it runs.
            _plan = await Task.Run(() => Capacity.PlanAsync(settings, field => field, progress, token), token);
            _ran = settings;
        }
        catch (OperationCanceledException)
        {
            _message = L["Cancelled", Display.Percent(progress.Fraction, 0)];
        }
        catch (InputException ex)
        {
            _problems = ex.Problems;
        }
        finally
        {
            _cancel = null;
        }
        HandOff();
    }

    private void Cancel() => _cancel?.Cancel();

    /// <summary>The peak demand's problem (the planner's range), shown under its field.</summary>
    private string? PeakProblem => CapacityPlanRequest.PeakRateProblem(_peakRate, f => f) is { } problem ? CostModelText.Problem(problem) : null;

    /// <summary>The peak users' problem (the planner's range), shown under the field while typing.</summary>
    private string? ClientsProblem => CapacityPlanRequest.PeakClientsProblem(_clients, f => f) is { } problem ? CostModelText.Problem(problem) : ProblemAt("clients");

    /// <summary>The think time's problem (the planner's range), shown under the field while typing.</summary>
    private string? ThinkTimeProblem => ClientLoad.ThinkTimeProblems(_thinkTime, f => f) is [var problem, ..] ? CostModelText.Problem(problem) : ProblemAt("thinkTime");

    /// <summary>
    /// Replicas for the peak typed, from the capacity found, by the planner's rules: a rate for an open-loop plan
    /// (<see cref="CapacityAtTarget.ReplicasFor"/>), the users for a closed-loop one (<see cref="CapacityAtTarget.ReplicasForClients"/>).
    /// </summary>
    private (int Replicas, double Utilization)? Fleet => _plan is { AtMaxRate: not null } plan
        ? plan.ClosedLoop is { } users
            ? CapacityPlanRequest.PeakClientsProblem(_clients, f => f) is null
                ? new CapacityAtTarget(plan.MaxRatePerSecond, plan.AtMaxRate, plan.Reason, plan.Probes) { MaxClients = users.MaxClientsPerReplica }.ReplicasForClients(_clients)
                : null
            : _peakRate is { } peak && PeakProblem is null
                ? new CapacityAtTarget(plan.MaxRatePerSecond, plan.AtMaxRate, plan.Reason, plan.Probes).ReplicasFor(peak)
                : null
        : null;

    /// <summary>The GPUs the scenario's option is to hold: replicas × GPUs per replica, once a peak is given.</summary>
    private int? HandOffGpus => Fleet is { } fleet && _plan is { } plan ? fleet.Replicas * plan.GpusPerReplica : null;

    /// <summary>
    /// The throughput handed to a scenario: the projection of the model on the replica's GPUs at the lengths searched and
    /// at the mean batch the replica ran at its capacity (its tokens/s per GPU at the targets).
    /// </summary>
    private void HandOff()
    {
        (_choices, _noChoice) = (_plan, _ran) switch
        {
            (null, _) or (_, null) => ([], L["FindFirst"].Value),
            ({ AtMaxRate: null }, _) => ([], L["NoSizing"].Value),
            ({ AtMaxRate: { } at } plan, { } ran) => Choice(ran, plan, at),
        };
    }

    private (IReadOnlyList<ThroughputChoice>, string) Choice(CapacitySettings ran, CapacityPlan plan, FleetResult at)
    {
        try
        {
            var batch = Math.Clamp((int)Math.Round(at.MeanBatch), 1, plan.MaxBatch);
            var projection = ProjectionService.Project(_models!, _gpus!, new ProjectionSettings
            {
                Model = ran.Model!,
                Gpu = ran.Gpu!,
                Gpus = plan.GpusPerReplica,
                Precision = ran.Precision,
                Batch = batch,
                InputTokens = ran.InputTokens,
                OutputTokens = ran.OutputTokens,
            }, field => field);
            var choice = ThroughputChoice.FromProjection(projection, byInputAndOutput: true);
            // The scenario sizes the replica as the search did: on demand when the search claimed KV cache on demand.
            if (ran.KvAllocation is { } name && KvAllocations.TryParse(name, out var kv) && kv == KvAllocation.OnDemand)
            {
                choice = choice with { Reference = choice.Reference! with { Projection = choice.Reference.Projection! with { KvAllocation = kv } } };
            }
            return projection.Fits
                ? ([choice], "")
                : ([], L["MeanBatchDoesNotFit", ThroughputProjector.DoesNotFit(projection)].Value);
        }
        catch (InputException ex)
        {
            return ([], string.Join(" ", ex.Problems));
        }
    }

    /// <summary>The problem lines about <paramref name="field"/>, joined; null when none.</summary>
    private string? ProblemAt(string field) => ScenarioProblems.At(_problems, field);

    /// <summary>Problems that name none of the form's fields.</summary>
    private IEnumerable<string> OtherProblems => _problems.Where(p => !Fields.Contains(p.Path)).Select(p => CostModelText.Problem(p));
}
