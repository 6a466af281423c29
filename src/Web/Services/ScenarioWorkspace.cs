using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.Web.Services;

/// <summary>
/// The scenario being worked on in one browser session (a scoped service shared by the editor and the compare page):
/// the scenario, its problems as the CLI words them, and the evaluation of its latest valid state.
/// Each change validates and re-evaluates in-process with <see cref="CostEngine.Evaluate"/>; input fields debounce typing.
/// </summary>
public sealed class ScenarioWorkspace
{
    public Scenario? Scenario { get; private set; }

    /// <summary>Where the scenario came from: a template key, an uploaded file name, or a saved scenario's name.</summary>
    public string? Source { get; private set; }

    /// <summary>Every problem of the current scenario, one line each, exactly as <c>planner evaluate</c> prints them.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The evaluation of the latest valid scenario; stale (see <see cref="IsCurrent"/>) while there are problems.</summary>
    public ScenarioEvaluation? Evaluation { get; private set; }

    public bool IsCurrent => Problems.Count == 0 && Evaluation is not null;

    /// <summary>True when the scenario changed since it was loaded or saved.</summary>
    public bool IsDirty { get; private set; }

    public event Action? Changed;

    public void Load(Scenario scenario, string? source)
    {
        Source = source;
        Evaluation = null;
        Apply(scenario);
        IsDirty = false;
        Changed?.Invoke();
    }

    public void Update(Scenario scenario)
    {
        Apply(scenario);
        IsDirty = true;
        Changed?.Invoke();
    }

    /// <summary>Forgets the scenario (the editor shows the templates again).</summary>
    public void Clear()
    {
        Scenario = null;
        Source = null;
        Evaluation = null;
        Problems = [];
        IsDirty = false;
        Changed?.Invoke();
    }

    public void MarkSaved(string source)
    {
        Source = source;
        IsDirty = false;
        Changed?.Invoke();
    }

    private void Apply(Scenario scenario)
    {
        Scenario = scenario;
        var problems = ScenarioValidator.Validate(scenario);
        if (problems.Count == 0)
        {
            try
            {
                Evaluation = CostEngine.Evaluate(scenario);
            }
            catch (InputException ex)
            {
                problems = ex.Problems;
            }
            catch (OverflowException ex)
            {
                problems = [$"a number is too large to compute ({ex.Message}); check the inputs' magnitudes"];
            }
        }
        Problems = problems;
    }
}
