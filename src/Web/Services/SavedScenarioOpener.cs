using Planner.CostModel.Json;
using Planner.Data.Scenarios;

namespace Planner.Web.Services;

/// <summary>
/// Opens a saved scenario (its current version, or a given one) in the session's <see cref="ScenarioWorkspace"/>: the
/// editor's /scenarios/{id} and the addresses of the compare and risk pages (?scenario=id&amp;version=N) go through here.
/// </summary>
public sealed class SavedScenarioOpener(ScenarioStore store, ScenarioWorkspace workspace)
{
    /// <summary>Loads the scenario; false when no saved scenario has the id or it has no such version.</summary>
    public async Task<bool> OpenAsync(string id, int? version, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } stored)
        {
            return false;
        }
        var json = stored.CurrentJson;
        if (version is { } v && v != stored.Version)
        {
            if (v < 1 || v > stored.Version)
            {
                return false;
            }
            json = await store.GetVersionJsonAsync(id, v, ct);
        }
        var opened = version ?? stored.Version;
        await workspace.LoadAsync(ScenarioJson.Parse(json), stored.Name, stored.Id, opened);
        workspace.MarkSaved(stored.Id, opened);
        return true;
    }
}

/// <summary>Addresses that carry the saved scenario (id and version), so a reload or a shared link opens the same one.</summary>
public static class ScenarioLinks
{
    public static string Compare(string? id, int? version) => For("/compare", id, version);

    public static string Risk(string? id, int? version) => For("/risk", id, version);

    public static string For(string page, string? id, int? version) =>
        id is null ? page : $"{page}?scenario={Uri.EscapeDataString(id)}" + (version is { } v ? $"&version={v}" : "");
}
