namespace Planner.CostModel.Finance;

/// <summary>
/// The rates (a period's, ascending) at which a cash flow's present value is zero, each proved alone in its interval
/// (<see cref="FinancialFunctions.IrrRates"/>). <see cref="Complete"/>: the list is every such rate above -100%, so an
/// empty complete list proves that no IRR exists; false when some part could not be settled, and the list is only what
/// was proved.
/// </summary>
public sealed record RateIsolation(IReadOnlyList<double> Rates, bool Complete);
