using System.Threading.Channels;
using Planner.Benchmarks;
using Planner.Benchmarks.Running;

namespace Planner.Web.Benchmarks;

/// <summary>
/// A request to run a shipped profile on a device (auto, cpu or cuda), or, with <see cref="Endpoint"/>, to load-test
/// an OpenAI-compatible endpoint (<see cref="Profile"/> is then <c>endpoint</c>).
/// </summary>
public sealed record BenchmarkRequest(string Profile, DeviceRequest Device, Planner.Benchmarks.Serving.EndpointSettings? Endpoint = null)
{
    public const string EndpointProfile = "endpoint";

    /// <summary>The account that asked for the run: the stored run's "imported by".</summary>
    public string RequestedBy { get; init; } = "";
}

/// <summary>One step of the run in progress (a model at a batch size, or the bandwidth probe) and how far it got.</summary>
public sealed record BenchmarkStepState(int Index, string Model, string Preset, int BatchSize, string Phase, bool Done, string Precision = "")
{
    /// <summary>"gpt-decoder small fp16, batch 8, decode": the precision tells apart the steps that differ only by it.</summary>
    public string Label => Phase switch
    {
        "bandwidth" => $"memory bandwidth probe ({Preset})",
        BenchmarkRequest.EndpointProfile => $"{Model}: {Preset}",
        _ => $"{Model} {Preset}{(Precision.Length > 0 ? " " + Precision : "")}, batch {BatchSize}, {Phase}",
    };
}

/// <summary>Where the background runner is: the request, its steps so far, and how the last run ended.</summary>
public sealed record BenchmarkRunState(
    BenchmarkRequest? Running,
    double Fraction,
    int TotalSteps,
    IReadOnlyList<BenchmarkStepState> Steps,
    bool CancelRequested,
    int Queued,
    string? LastRunId,
    string? LastMessage,
    bool LastFailed)
{
    public static readonly BenchmarkRunState Idle = new(null, 0, 0, [], false, 0, null, null, false);

    /// <summary>The device the run in progress actually uses (<c>auto</c> resolved), once its first step has started; null before.</summary>
    public string? DeviceInUse { get; init; }
}

/// <summary>
/// The benchmark queue and the state of the run in progress (a singleton shared by every browser session): pages
/// enqueue and cancel here and listen to <see cref="Changed"/>; <see cref="BenchmarkRunner"/> does the work, so a run
/// keeps going when the page that started it is closed.
/// </summary>
public sealed class BenchmarkRunQueue
{
    private readonly Channel<BenchmarkRequest> _channel = Channel.CreateUnbounded<BenchmarkRequest>();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _current;
    private int _queued;

    public BenchmarkRunState State { get; private set; } = BenchmarkRunState.Idle;

    /// <summary>Raised on the runner's thread; components marshal with InvokeAsync.</summary>
    public event Action? Changed;

    public ChannelReader<BenchmarkRequest> Reader => _channel.Reader;

    public void Enqueue(BenchmarkRequest request)
    {
        lock (_gate)
        {
            _queued++;
            State = State with { Queued = _queued };
        }
        _channel.Writer.TryWrite(request);
        Changed?.Invoke();
    }

    /// <summary>Cancels the run in progress; results finished so far are kept and stored as a partial run.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }
            _current.Cancel();
            State = State with { CancelRequested = true };
        }
        Changed?.Invoke();
    }

    internal CancellationToken Start(BenchmarkRequest request, CancellationToken stopping)
    {
        lock (_gate)
        {
            _queued--;
            _current = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            State = State with { Running = request, Fraction = 0, TotalSteps = 0, Steps = [], CancelRequested = false, Queued = _queued, DeviceInUse = null };
        }
        Changed?.Invoke();
        return _current.Token;
    }

    internal void Report(BenchmarkProgress progress)
    {
        lock (_gate)
        {
            var step = new BenchmarkStepState(progress.StepIndex, progress.Model, progress.Preset, progress.BatchSize, progress.Phase, false, progress.Precision);
            var steps = State.Steps.ToList();
            if (steps.Count > 0 && steps[^1] is { Done: false } last && last.Index == progress.StepIndex && progress.Phase != "done")
            {
                // Live progress within a step (an endpoint load point's requests so far) updates the step in place.
                steps[^1] = step;
            }
            else
            {
                steps = steps.Select(s => s with { Done = true }).ToList();
                if (progress.Phase != "done")
                {
                    steps.Add(step);
                }
            }
            State = State with
            {
                Fraction = progress.Fraction, TotalSteps = progress.TotalSteps, Steps = steps,
                DeviceInUse = progress.Device.Length > 0 ? progress.Device : State.DeviceInUse,
            };
        }
        Changed?.Invoke();
    }

    internal void Finish(string? runId, string message, bool failed)
    {
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
            State = State with { Running = null, CancelRequested = false, LastRunId = runId, LastMessage = message, LastFailed = failed };
        }
        Changed?.Invoke();
    }
}
