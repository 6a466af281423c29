using System.Globalization;
using Microsoft.AspNetCore.Components;
using Planner.Benchmarks.Serving;
using Planner.CostModel.Serving;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Running;
using Planner.Data.Benchmarks;
using Planner.Web.Benchmarks;

namespace Planner.Web.Components.Pages;

public partial class Benchmarks
{
    [Inject] private BenchmarkRunQueue Queue { get; set; } = default!;

    [Inject] private BenchmarkStore Store { get; set; } = default!;

    private IReadOnlyList<(string Name, string Description)> _profiles = [];
    private string? _profile;
    private string _device = "auto";
    private string? _modelFilter;
    private string? _deviceFilter;
    private IReadOnlyList<BenchmarkRunSummary>? _runs;
    private string? _shownLastRun;
    private string? _url;
    private string? _model;
    private string _api = EndpointSettings.Chat;
    private string? _keyVariable;
    private string _mode = "rate";
    private string? _points = "1";
    private double _duration = 10;
    private int _inputTokens = 32;
    private int _outputTokens = 32;
    private double? _ttftMs;
    private double? _itlMs;
    private IReadOnlyList<string> _endpointProblems = [];

    protected override async Task OnInitializedAsync()
    {
        _profiles = ProfileLoader.ShippedNames().Select(n => (n, ProfileLoader.Load(n).Description)).ToList();
        _profile = _profiles.Select(p => p.Name).FirstOrDefault(n => n == "smoke") ?? _profiles.FirstOrDefault().Name;
        _shownLastRun = Queue.State.LastRunId;
        Queue.Changed += OnQueueChanged;
        await LoadRunsAsync();
    }

    private void Start()
    {
        if (CanEdit)
        {
            Queue.Enqueue(new BenchmarkRequest(_profile!, DeviceRequestNames.Parse(_device)) { RequestedBy = UserName });
        }
    }

    private void CancelRun()
    {
        if (CanEdit)
        {
            Queue.Cancel();
        }
    }

    /// <summary>Checks the form (each problem names its field as labelled) and queues the load test.</summary>
    private void StartEndpoint()
    {
        if (!CanEdit)
        {
            return;
        }
        var problems = new List<string>();
        var points = (_points ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToList();
        if (points.Count == 0 || points.Any(double.IsNaN) || (_mode == "concurrency" && points.Any(p => p != Math.Floor(p) || p > int.MaxValue)))
        {
            problems.Add(_mode == "concurrency" ? L["PointsWholeProblem"] : L["PointsProblem"]);
        }
        if (!Uri.TryCreate(_url, UriKind.Absolute, out var url))
        {
            problems.Add(L["BaseUrlProblem"]);
        }
        if (_ttftMs is null != _itlMs is null)
        {
            problems.Add(L["TargetsProblem"]);
        }
        if (problems.Count == 0)
        {
            var template = new ServingLoad(null, null, _duration, _inputTokens, _outputTokens, 1000, 60, 42);
            var loads = points.Select(p => _mode == "rate" ? template with { RatePerSecond = p } : template with { Concurrency = (int)p }).ToList();
            var targets = _ttftMs is { } t && _itlMs is { } i ? new ServingTargets(t, i) : null;
            var settings = new EndpointSettings(url!, _model ?? "", _api, string.IsNullOrWhiteSpace(_keyVariable) ? null : _keyVariable.Trim(), loads, targets);
            problems.AddRange(settings.Problems(FieldLabel));
            if (problems.Count == 0)
            {
                Queue.Enqueue(new BenchmarkRequest(BenchmarkRequest.EndpointProfile, DeviceRequest.Auto, settings) { RequestedBy = UserName });
            }
        }
        _endpointProblems = problems;
    }

    /// <summary>A load field as the form labels it.</summary>
    private string FieldLabel(string field) => field switch
    {
        "url" => L["BaseUrl"],
        "model" => L["Model"],
        "api" => "API",
        "apiKeyEnv" => L["ApiKeyVariable"],
        "rate" or "concurrency" => L["Points"],
        "duration" => L["SecondsPerPoint"],
        "inputTokens" => L["InputTokens"],
        "outputTokens" => L["OutputTokens"],
        "ttftMs" => L["TargetTtft"],
        "itlMs" => L["TargetItl"],
        _ => field,
    };

    private async Task FilterModelAsync(string? model)
    {
        _modelFilter = string.IsNullOrWhiteSpace(model) ? null : model.Trim();
        await LoadRunsAsync();
    }

    private async Task FilterDeviceAsync(string? device)
    {
        _deviceFilter = string.IsNullOrWhiteSpace(device) ? null : device.Trim();
        await LoadRunsAsync();
    }

    private async Task LoadRunsAsync() =>
        _runs = (await Store.ListRunsAsync(_modelFilter, _deviceFilter, Aborted)).Select(BenchmarkRunSummary.From).ToList();

    private void OnQueueChanged() => _ = InvokeAsync(async () =>
    {
        if (Queue.State.LastRunId != _shownLastRun)
        {
            _shownLastRun = Queue.State.LastRunId;
            await LoadRunsAsync();
        }
        StateHasChanged();
    });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Queue.Changed -= OnQueueChanged;
        }
        base.Dispose(disposing);
    }
}
