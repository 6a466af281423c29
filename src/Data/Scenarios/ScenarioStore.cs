using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.Data.Entities;
using Planner.Data.Storage;
using Planner.CostModel.Text;

namespace Planner.Data.Scenarios;

/// <summary>
/// Saved scenarios with every version kept. Saves are checked (the JSON must parse; references may be unresolved)
/// and optimistic: saving over a version someone else replaced throws <see cref="ConcurrencyConflictException"/>.
/// </summary>
public sealed partial class ScenarioStore(PlannerDatabase database)
{
    private static readonly PhraseTemplate BadId = new("store.badScenarioId",
        "a scenario id must be 1-64 lower-case letters, digits or '-' starting with a letter or digit (got \"{0}\")");
    private static readonly PhraseTemplate NoVersionToSaveOver = new("store.noVersionToSaveOver", "no stored scenario has the id '{0}', so there is no version {1} to save over");
    private static readonly PhraseTemplate ExistsNeedsVersion = new("store.existsNeedsVersion",
        "scenario '{0}' exists (version {1}); saving over it needs the version you edited (expected version)");
    private static readonly PhraseTemplate NoSuchVersion = new("store.noSuchVersion", "scenario '{0}' has no version {1}");
    private static readonly PhraseTemplate NoStoredScenario = new("store.noStoredScenario", "no stored scenario has the id '{0}'");

    /// <summary>"no stored scenario has the id 'x'", as every host says it.</summary>
    public static InputProblem UnknownScenario(string id) => InputProblem.General(NoStoredScenario.With(id));

    private const string IdAlphabet = "abcdefghjkmnpqrstvwxyz0123456789";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    /// <summary>Whether <paramref name="text"/> has the form of a scenario id (lower-case letters, digits, '-'), as opposed to a file path.</summary>
    public static bool LooksLikeId(string text) => IdPattern().IsMatch(text);

    public async Task<IReadOnlyList<ScenarioSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var rows = await db.Scenarios.AsNoTracking().OrderByDescending(s => s.UpdatedAt).ToListAsync(ct);
        return rows.Select(Summarize).ToArray();
    }

    public async Task<StoredScenario?> FindAsync(string id, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        return await db.Scenarios.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    public async Task<StoredScenario> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new InputException(UnknownScenario(id));

    public Task<StoredScenario> SaveAsync(string? id, string json, int? expectedVersion, string owner, CancellationToken ct) =>
        SaveAsync(new ScenarioSave { Id = id, Json = json, ExpectedVersion = expectedVersion, Owner = owner }, ct);

    /// <summary>Saves a new scenario or a new version of one; nothing is written when the JSON is invalid or the version is stale.</summary>
    /// <exception cref="InputException">The JSON is not a valid scenario, or the id is malformed.</exception>
    /// <exception cref="ConcurrencyConflictException">The scenario was saved by someone else since <see cref="ScenarioSave.ExpectedVersion"/>.</exception>
    public async Task<StoredScenario> SaveAsync(ScenarioSave save, CancellationToken ct)
    {
        var json = save.Json;
        var scenario = ScenarioJson.Parse(json, allowUnresolvedReferences: true);
        if ((save.Name is { } name && name != scenario.Name) || (save.Description is { } description && description != scenario.Description))
        {
            // A name or description given with the save is written into the JSON too (checked like any other), so the
            // list, the editor and every report and export call the scenario the same.
            json = Renamed(json, save.Name, save.Description);
            scenario = ScenarioJson.Parse(json, allowUnresolvedReferences: true);
        }
        var now = database.Time.GetUtcNow().UtcDateTime;
        await using var db = await database.CreateContextAsync(ct);
        var stored = save.Id is null ? null : await db.Scenarios.FirstOrDefaultAsync(s => s.Id == save.Id, ct);
        if (stored is null)
        {
            if (save.Id is not null && !IdPattern().IsMatch(save.Id))
            {
                throw new InputException(InputProblem.General(BadId.With(save.Id)));
            }
            if (save.ExpectedVersion is > 0)
            {
                throw new InputException(InputProblem.General(NoVersionToSaveOver.With(save.Id ?? "", save.ExpectedVersion.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
            stored = new StoredScenario
            {
                Id = save.Id ?? await NewIdAsync(db, ct),
                Owner = save.Owner,
                CreatedAt = now,
                Version = 0,
            };
            db.Scenarios.Add(stored);
        }
        else if (save.ExpectedVersion is not { } expected)
        {
            throw new InputException(InputProblem.General(ExistsNeedsVersion.With(stored.Id, stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        else if (expected != stored.Version)
        {
            throw new ConcurrencyConflictException(stored.Id, expected, stored.Version, stored.UpdatedBy, stored.UpdatedAt);
        }

        stored.Name = scenario.Name;
        stored.Description = scenario.Description;
        stored.Tags = save.Tags?.ToList() ?? stored.Tags;
        stored.CurrentJson = json;
        stored.UpdatedAt = now;
        stored.UpdatedBy = save.Owner;
        stored.Version++;
        db.ScenarioVersions.Add(new ScenarioVersion
        {
            ScenarioId = stored.Id,
            Version = stored.Version,
            Json = json,
            SavedAt = now,
            SavedBy = save.Owner,
            Note = save.Note,
        });
        Accounts.AuditLog.Add(db, now, save.Owner, stored.Version == 1 ? "scenario.create" : "scenario.save", stored.Id,
            $"version {stored.Version}{(save.Note is { Length: > 0 } note ? ": " + note : "")}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (save.ExpectedVersion is { } expected && (ex is DbUpdateConcurrencyException || StoreErrors.IsDuplicateKey(ex)))
        {
            // Someone saved between our read and our write: the version check in the UPDATE (or the version row's key) failed.
            var current = await FindAsync(stored.Id, ct);
            throw new ConcurrencyConflictException(stored.Id, expected, current?.Version ?? expected + 1,
                current?.UpdatedBy ?? "someone", current?.UpdatedAt ?? now);
        }
        catch (DbUpdateException ex) when (StoreErrors.IsDuplicateKey(ex))
        {
            // Two creates of the same id at once: the first one's row made this one's INSERT break the primary key.
            var current = await FindAsync(stored.Id, ct);
            throw new ConcurrencyConflictException(
                $"scenario '{stored.Id}' was created by {current?.UpdatedBy ?? "someone"} while you were creating it; nothing was saved: load it and apply your change again");
        }
        return stored;
    }

    public async Task<IReadOnlyList<ScenarioVersionInfo>> HistoryAsync(string id, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var versions = await db.ScenarioVersions.AsNoTracking().Where(v => v.ScenarioId == id).OrderByDescending(v => v.Version).ToListAsync(ct);
        if (versions.Count == 0)
        {
            throw new InputException(UnknownScenario(id));
        }
        return versions.Select(v => new ScenarioVersionInfo(v.Version, v.SavedAt, v.SavedBy, v.Note)).ToArray();
    }

    public async Task<string> GetVersionJsonAsync(string id, int version, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var row = await db.ScenarioVersions.AsNoTracking().FirstOrDefaultAsync(v => v.ScenarioId == id && v.Version == version, ct);
        return row?.Json ?? throw new InputException(InputProblem.General(NoSuchVersion.With(id, version.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>Saves an old version's JSON as a new version (history is never rewritten).</summary>
    public async Task<StoredScenario> RestoreAsync(string id, int version, int expectedVersion, string owner, CancellationToken ct)
    {
        var json = await GetVersionJsonAsync(id, version, ct);
        return await SaveAsync(new ScenarioSave
        {
            Id = id, Json = json, ExpectedVersion = expectedVersion, Owner = owner, Note = $"restored version {version}",
        }, ct);
    }

    /// <summary>A new scenario (new id, version 1) with the current JSON of another.</summary>
    public async Task<StoredScenario> DuplicateAsync(string id, string owner, string? name, CancellationToken ct)
    {
        var source = await GetAsync(id, ct);
        return await SaveAsync(new ScenarioSave
        {
            Json = source.CurrentJson,
            Owner = owner,
            Name = name ?? source.Name + " (copy)",
            Description = source.Description,
            Tags = source.Tags,
            Note = $"duplicated from {id} version {source.Version}",
        }, ct);
    }

    /// <summary>Deletes a scenario and its history; with <paramref name="expectedVersion"/> only if nobody saved since. The audit log keeps who did it.</summary>
    public async Task DeleteAsync(string id, int? expectedVersion, string by, CancellationToken ct)
    {
        await using var db = await database.CreateContextAsync(ct);
        var stored = await db.Scenarios.FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new InputException(UnknownScenario(id));
        if (expectedVersion is { } expected && expected != stored.Version)
        {
            throw new ConcurrencyConflictException(stored.Id, expected, stored.Version, stored.UpdatedBy, stored.UpdatedAt);
        }
        db.Scenarios.Remove(stored);
        Accounts.AuditLog.Add(db, database.Time.GetUtcNow().UtcDateTime, by, "scenario.delete", stored.Id, $"\"{stored.Name}\" at version {stored.Version}");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The scenario JSON with its top-level "name" and/or "description" replaced; everything else kept as it was.</summary>
    private static string Renamed(string json, string? name, string? description)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: ScenarioJson.DocumentOptions)!.AsObject();
        if (name is not null)
        {
            root["name"] = name;
        }
        if (description is not null)
        {
            root["description"] = description;
        }
        return root.ToJsonString(PlannerJson.Options);
    }

    public static ScenarioSummary Summarize(StoredScenario s) =>
        new(s.Id, s.Name, s.Description, s.Tags, s.Owner, s.CreatedAt, s.UpdatedAt, s.UpdatedBy, s.Version);

    private static async Task<string> NewIdAsync(PlannerDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var id = RandomNumberGenerator.GetString(IdAlphabet, 8);
            if (!await db.Scenarios.AnyAsync(s => s.Id == id, ct))
            {
                return id;
            }
        }
    }
}
