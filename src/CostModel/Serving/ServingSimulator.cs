namespace Planner.CostModel.Serving;

/// <summary>
/// The serving simulator: <see cref="ServingLoop"/> on a simulated clock whose steps take the time the
/// <see cref="StepTimeModel"/> says. Given the same load and batch limit as a measured run, its percentiles are the
/// model's prediction of the measured ones.
/// </summary>
public static class ServingSimulator
{
    public static ServingTrace Run(ServingLoad load, int maxBatch, StepTimeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var clock = new SimulatedClock();
        return ServingLoop.Run(load, maxBatch, new StepTimeBackend(model, clock), clock, null, CancellationToken.None);
    }

    /// <summary>The simulation with the first arrivals given.</summary>
    internal static ServingTrace Run(ServingLoad load, IReadOnlyList<double> arrivals, int maxBatch, StepTimeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var clock = new SimulatedClock();
        return ServingLoop.Run(load, arrivals, maxBatch, new StepTimeBackend(model, clock), clock, null, CancellationToken.None);
    }

    /// <summary>A clock that stands still until told to move.</summary>
    public sealed class SimulatedClock : IServingClock
    {
        public double Now { get; private set; }

        public void Advance(double seconds) => Now += seconds;

        public void WaitUntil(double seconds, CancellationToken cancellationToken) => Now = Math.Max(Now, seconds);
    }

    /// <summary>Moves the simulated clock by the model's step times.</summary>
    private sealed class StepTimeBackend(StepTimeModel model, SimulatedClock clock) : IServingBackend
    {
        public void Prefill(IReadOnlyList<ServingRequest> admitted, CancellationToken cancellationToken) =>
            clock.Advance(model.PrefillSeconds(admitted.Sum(r => (long)r.InputTokens)));

        public void Decode(IReadOnlyList<ServingRequest> running, long kvTokens, CancellationToken cancellationToken) =>
            clock.Advance(model.DecodeStepSeconds(running.Count, kvTokens));

        public void Release(ServingRequest request)
        {
            // The model keeps no per-request state.
        }
    }
}
