using Planner.CostModel;
using Planner.CostModel.Text;

namespace Planner.Data.Benchmarks;

/// <summary>The problems every benchmark reference shares (throughputFrom, trainingFrom, capacityFrom, latencyFrom).</summary>
internal static class RunProblems
{
    private static readonly PhraseTemplate UnknownRunTemplate = new("store.unknownRun", "no imported benchmark run has the id '{0}' (newest runs: {1})");
    private static readonly PhraseTemplate UnknownRunNoneImported = new("store.unknownRunNoneImported",
        "no imported benchmark run has the id '{0}' (no runs are imported; use planner bench import)");

    /// <summary>"{path}.run: no imported benchmark run has the id 'x' (newest runs: …)".</summary>
    public static InputProblem UnknownRun(string path, string runId, IReadOnlyList<string> recent) =>
        InputProblem.Labelled($"{path}.run", recent.Count > 0 ? UnknownRunTemplate.With(runId, string.Join(", ", recent)) : UnknownRunNoneImported.With(runId));
}
