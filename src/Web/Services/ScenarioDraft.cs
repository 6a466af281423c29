using System.Text.Json;
using Microsoft.JSInterop;

namespace Planner.Web.Services;

/// <summary>
/// Unsaved work kept in this browser (localStorage, one draft per browser): the scenario JSON as edited, the saved
/// scenario and version it is based on (none for a scenario never saved), where it came from and when it was kept.
/// The editor writes it after each change and restores it after a reload, with a notice.
/// </summary>
public sealed record ScenarioDraft(string Json, string? StoredId, int? StoredVersion, string? Source, DateTimeOffset KeptAt)
{
    public const string StorageKey = "planner.draft";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<ScenarioDraft?> LoadAsync(IJSRuntime js, CancellationToken ct)
    {
        var text = await js.InvokeAsync<string?>("plannerStore.get", ct, StorageKey);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ScenarioDraft>(text, Options);
        }
        catch (JsonException)
        {
            return null; // a draft written by another version of the app: nothing to restore
        }
    }

    public async Task SaveAsync(IJSRuntime js, CancellationToken ct) =>
        await js.InvokeVoidAsync("plannerStore.set", ct, StorageKey, JsonSerializer.Serialize(this, Options));

    public static async Task ClearAsync(IJSRuntime js, CancellationToken ct) =>
        await js.InvokeVoidAsync("plannerStore.remove", ct, StorageKey);
}
