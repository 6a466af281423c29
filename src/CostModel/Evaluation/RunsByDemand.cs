namespace Planner.CostModel.Evaluation;

/// <summary>
/// An option's present value by first-month demand, each demand run once: the break-even search asks for the same
/// demands more than once (the scan's last step is the upper end it checked first, and every comparison's scan runs the
/// baseline at the same demands). A run depends on the demand alone, so the values are those of <see cref="OptionCashFlow.Run"/>.
/// </summary>
internal sealed class RunsByDemand(OptionCashFlow flow)
{
    private readonly Dictionary<double, double> _presentValues = [];

    public OptionCashFlow Flow { get; } = flow;

    public double At(double requestsPerMonth)
    {
        if (!_presentValues.TryGetValue(requestsPerMonth, out var presentValue))
        {
            presentValue = Flow.Run(requestsPerMonth);
            _presentValues[requestsPerMonth] = presentValue;
        }
        return presentValue;
    }
}
