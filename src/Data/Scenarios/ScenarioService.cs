using Planner.CostModel;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Text;

namespace Planner.Data.Scenarios;

/// <summary>
/// A scenario resolved and evaluated, or the problems that stopped it (never an exception for bad input). When it came
/// from the store, <see cref="Saved"/> names the version.
/// </summary>
public sealed record ScenarioOutcome(Scenario? Resolved, ScenarioEvaluation? Evaluation, IReadOnlyList<InputProblem> Problems)
{
    /// <summary>The stored scenario's summary (name, version) when the outcome is of a saved scenario.</summary>
    public ScenarioSummary? Saved { get; init; }

    public static ScenarioOutcome Failed(IReadOnlyList<InputProblem> problems) => new(null, null, problems);

    /// <summary>The evaluation, or an <see cref="InputException"/> with every problem (for hosts that report by exception).</summary>
    public ScenarioEvaluation EvaluationOrThrow() => Evaluation ?? throw new InputException(Problems);

    /// <summary>The resolved scenario, or an <see cref="InputException"/> with every problem.</summary>
    public Scenario ResolvedOrThrow() => Resolved ?? throw new InputException(Problems);
}

/// <summary>The store parts that resolution and loading by id need, opened only when a scenario needs them.</summary>
public sealed record ScenarioStoreAccess(ScenarioStore Store, ScenarioResolver Resolver);

/// <summary>
/// The one path from "a scenario" to "its answer" for every host (CLI verbs, HTTP API, editor, dashboard, compare page,
/// reports): load it (JSON text, a file, or a stored id), validate it, resolve its catalog, benchmark and projection
/// references against the store, and evaluate it with <see cref="CostEngine.Evaluate"/>. Bad input and numbers too
/// large to compute come back as problems. The store is opened only when a scenario names something in it, so a
/// self-contained scenario file evaluates without one.
/// </summary>
public sealed class ScenarioService
{
    private static readonly PhraseTemplate NotEvaluated = new("store.notEvaluated", "the scenario could not be evaluated: {0}");
    private static readonly PhraseTemplate NoSuchReference = new("store.noSuchReference", "no scenario file or stored scenario named {0}");

    private readonly Func<CancellationToken, Task<ScenarioStoreAccess>> _openStore;

    /// <summary>For a host whose store is already open (the web app, tests).</summary>
    public ScenarioService(ScenarioStore store, ScenarioResolver resolver)
    {
        var access = Task.FromResult(new ScenarioStoreAccess(store, resolver));
        _openStore = _ => access;
    }

    /// <summary>For a host that opens the store on first need (the CLI).</summary>
    public ScenarioService(Func<CancellationToken, Task<ScenarioStoreAccess>> openStore)
    {
        _openStore = openStore;
    }

    /// <summary>Validates, resolves and evaluates a scenario built in memory (the editor's).</summary>
    public async Task<ScenarioOutcome> EvaluateAsync(Scenario scenario, CancellationToken ct)
    {
        try
        {
            var problems = ScenarioValidator.Validate(scenario, allowUnresolvedReferences: true);
            if (problems.Count > 0)
            {
                return ScenarioOutcome.Failed(problems);
            }
            var resolved = ScenarioResolver.HasReferences(scenario)
                ? await (await _openStore(ct)).Resolver.ResolveAsync(scenario, ct)
                : scenario;
            return new ScenarioOutcome(resolved, CostEngine.Evaluate(resolved), []);
        }
        catch (InputException ex)
        {
            return ScenarioOutcome.Failed(ex.Problems);
        }
        catch (OverflowException ex)
        {
            return ScenarioOutcome.Failed([InputProblem.General(InputException.Overflow(ex))]);
        }
        catch (ArithmeticException ex)
        {
            // The input bounds keep every valid scenario computable; a scenario that still is not (a bug) is one
            // broken scenario shown as such, never a page or a list taken down.
            return ScenarioOutcome.Failed([InputProblem.General(NotEvaluated.With(ex.Message))]);
        }
    }

    /// <summary>
    /// Loads <paramref name="reference"/> — scenario JSON itself (starts with '{'), an existing file, or a stored
    /// scenario id — then as <see cref="EvaluateAsync(Scenario, CancellationToken)"/>.
    /// </summary>
    public async Task<ScenarioOutcome> EvaluateAsync(string reference, CancellationToken ct)
    {
        try
        {
            var (json, saved) = await LoadJsonAsync(reference, ct);
            var outcome = await EvaluateAsync(ScenarioJson.Parse(json, allowUnresolvedReferences: true), ct);
            return outcome with { Saved = saved };
        }
        catch (InputException ex)
        {
            return ScenarioOutcome.Failed(ex.Problems);
        }
    }

    /// <summary>A stored scenario's current version, evaluated; an unknown id is a problem.</summary>
    public async Task<ScenarioOutcome> EvaluateStoredAsync(string id, CancellationToken ct)
    {
        var store = (await _openStore(ct)).Store;
        if (await store.FindAsync(id, ct) is not { } stored)
        {
            return ScenarioOutcome.Failed([ScenarioStore.UnknownScenario(id)]);
        }
        var outcome = await EvaluateJsonAsync(stored.CurrentJson, ct);
        return outcome with { Saved = ScenarioStore.Summarize(stored) };
    }

    /// <summary>Scenario JSON text, parsed and evaluated.</summary>
    public async Task<ScenarioOutcome> EvaluateJsonAsync(string json, CancellationToken ct)
    {
        try
        {
            return await EvaluateAsync(ScenarioJson.Parse(json, allowUnresolvedReferences: true), ct);
        }
        catch (InputException ex)
        {
            return ScenarioOutcome.Failed(ex.Problems);
        }
    }

    /// <summary>Load, resolve, evaluate; bad input as an <see cref="InputException"/>.</summary>
    public async Task<ScenarioEvaluation> EvaluateOrThrowAsync(string reference, CancellationToken ct) =>
        (await EvaluateAsync(reference, ct)).EvaluationOrThrow();

    /// <summary>Load and resolve; the result is valid and ready for <see cref="CostEngine"/>. Bad input as an <see cref="InputException"/>.</summary>
    public async Task<Scenario> ResolveAsync(string reference, CancellationToken ct) =>
        (await EvaluateAsync(reference, ct)).ResolvedOrThrow();

    private async Task<(string Json, ScenarioSummary? Saved)> LoadJsonAsync(string reference, CancellationToken ct)
    {
        if (reference.TrimStart().StartsWith('{'))
        {
            return (reference, null);
        }
        if (File.Exists(reference))
        {
            return (await File.ReadAllTextAsync(reference, ct), null);
        }
        if (!ScenarioStore.LooksLikeId(reference))
        {
            throw new InputException(InputProblem.General(ScenarioJson.FileNotFound.With(reference)));
        }
        var stored = await (await _openStore(ct)).Store.FindAsync(reference, ct)
            ?? throw new InputException(InputProblem.General(NoSuchReference.With(reference)));
        return (stored.CurrentJson, ScenarioStore.Summarize(stored));
    }
}
