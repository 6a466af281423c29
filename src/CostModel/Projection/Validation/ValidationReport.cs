namespace Planner.CostModel.Projection.Validation;

/// <summary>
/// Every case's projection error with its engine's preset, and the summaries docs/methodology.md and the projection
/// page publish: the held-out split (the honest figure), the train split, and all cases.
/// </summary>
public sealed record ValidationReport(IReadOnlyList<CaseError> Errors, AccuracySummary HeldOut, AccuracySummary Train, AccuracySummary All)
{
    /// <summary>The held-out cases a projection can reach at all: those not beyond the roofline of their stated setup (<see cref="CaseError.BeyondRoofline"/>).</summary>
    public AccuracySummary HeldOutWithinRoofline => AccuracySummary.Of([.. Errors.Where(e => e.Case.HeldOut && !e.BeyondRoofline)]);

    /// <summary>Cases whose measurement beats the η = 1 roofline of the setup as published.</summary>
    public IReadOnlyList<CaseError> BeyondRoofline => [.. Errors.Where(e => e.BeyondRoofline)];

    /// <summary>Projects every case with <paramref name="presetFor"/> its engine's factors.</summary>
    public static ValidationReport Evaluate(IReadOnlyList<ResolvedCase> cases, Func<string, Efficiency> presetFor)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(presetFor);
        var errors = cases.Select(c => c.Error(presetFor(c.Case.Engine))).ToList();
        return new ValidationReport(errors,
            AccuracySummary.Of([.. errors.Where(e => e.Case.HeldOut)]),
            AccuracySummary.Of([.. errors.Where(e => !e.Case.HeldOut)]),
            AccuracySummary.Of(errors));
    }

    /// <summary>Fits each engine's factors on its train cases only (<see cref="EngineFit"/>), carrying the factors the fit does not determine from the engine's shipped preset, when there is one.</summary>
    public static IReadOnlyDictionary<string, Efficiency> FitPresets(IReadOnlyList<ResolvedCase> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return cases.Where(c => !c.Case.HeldOut).GroupBy(c => c.Case.Engine, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => EngineFit.Fit([.. g], g.Key, $"fitted on {g.Count()} train cases of the validation set", EnginePresets.Find(g.Key)), StringComparer.OrdinalIgnoreCase);
    }
}
