using Microsoft.AspNetCore.Components;
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

    protected override async Task OnInitializedAsync()
    {
        _profiles = ProfileLoader.ShippedNames().Select(n => (n, ProfileLoader.Load(n).Description)).ToList();
        _profile = _profiles.Select(p => p.Name).FirstOrDefault(n => n == "smoke") ?? _profiles.FirstOrDefault().Name;
        _shownLastRun = Queue.State.LastRunId;
        Queue.Changed += OnQueueChanged;
        await LoadRunsAsync();
    }

    private void Start() => Queue.Enqueue(new BenchmarkRequest(_profile!, DeviceRequestNames.Parse(_device)));

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
