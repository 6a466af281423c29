using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.Data.Accounts;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Scenarios;
using Planner.Data.Storage;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// The store's real paths on a real PostgreSQL server (docs/deployment.md, "PostgreSQL"): each test opens a new
/// database on a throwaway server (<see cref="PostgresServer"/>) through <see cref="PlannerStore.OpenAsync"/>, exactly
/// as the CLI and the web app do with <c>PLANNER_DB="Host=…"</c>. Skipped, with the reason, where the PostgreSQL server
/// binaries are not installed.
/// </summary>
public sealed class PostgresStoreTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));

    private async Task<(PlannerStore Store, string Database)> OpenNewDatabaseAsync()
    {
        var database = await server.CreateDatabaseAsync();
        return (await PlannerStore.OpenAsync(server.ConnectionString(database), _time), database);
    }

    [PostgresFact]
    public async Task First_open_creates_the_schema_and_seeds_the_same_catalogs_as_sqlite_and_a_second_open_changes_nothing()
    {
        var (store, database) = await OpenNewDatabaseAsync();
        await using var _ = store;
        var sqlite = new TempStore();
        await sqlite.InitializeAsync();
        try
        {
            Assert.Equal(DatabaseProvider.PostgreSql, store.Location.Provider);
            foreach (var kind in CatalogKinds.All)
            {
                var exported = await store.Catalogs.ExportCsvAsync(kind.Name, default);
                Assert.Equal(await sqlite.Store.Catalogs.ExportCsvAsync(kind.Name, default), exported);
                Assert.True(exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, $"{kind.Name} was not seeded");
            }
        }
        finally
        {
            await sqlite.DisposeAsync();
        }

        var before = await SnapshotAsync(store);
        await using var another = await PlannerStore.OpenAsync(server.ConnectionString(database), _time);
        Assert.Equal(before, await SnapshotAsync(another));
        // The seed load is audited once, by "seed", with UTC timestamps read back as UTC.
        var audit = await another.Audit.ListAsync(AuditLog.MaxTake, PlannerDatabase.SeedUser, default);
        Assert.Equal(CatalogKinds.All.Count, audit.Count);
        Assert.All(audit, entry => Assert.Equal((DateTimeKind.Utc, _time.Now.UtcDateTime), (entry.At.Kind, entry.At)));
    }

    [PostgresFact]
    public async Task Scenarios_keep_every_version_and_a_stale_save_from_another_process_gets_a_conflict()
    {
        var (store, database) = await OpenNewDatabaseAsync();
        await using var _ = store;
        await using var otherProcess = await PlannerStore.OpenAsync(server.ConnectionString(database), _time);

        var created = await store.Scenarios.SaveAsync(new ScenarioSave { Json = ScenarioStoreTests.ScenarioJson("Support v1"), Owner = "ann", Tags = ["support", "2026"] }, default);
        _time.Advance(TimeSpan.FromHours(1));
        await store.Scenarios.SaveAsync(created.Id, ScenarioStoreTests.ScenarioJson("Support v2", 2_000_000), 1, "bob", default);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => otherProcess.Scenarios.SaveAsync(created.Id, ScenarioStoreTests.ScenarioJson("Stale edit"), 1, "cy", default));
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Contains("saved as version 2 by bob", conflict.Message, StringComparison.Ordinal);

        var restored = await otherProcess.Scenarios.RestoreAsync(created.Id, 1, 2, "ann", default);
        Assert.Equal(3, restored.Version);
        var stored = await store.Scenarios.GetAsync(created.Id, default);
        Assert.Equal(("Support v1", 3, ScenarioStoreTests.ScenarioJson("Support v1")), (stored.Name, stored.Version, stored.CurrentJson));
        Assert.Equal(["support", "2026"], stored.Tags);
        Assert.Equal((DateTimeKind.Utc, _time.Now.UtcDateTime), (stored.UpdatedAt.Kind, stored.UpdatedAt));
        Assert.Equal([3, 2, 1], (await store.Scenarios.HistoryAsync(created.Id, default)).Select(h => h.Version));
        Assert.Equal(ScenarioStoreTests.ScenarioJson("Support v2", 2_000_000), await store.Scenarios.GetVersionJsonAsync(created.Id, 2, default));
        Assert.Equal([created.Id], (await otherProcess.Scenarios.ListAsync(default)).Select(s => s.Id));
    }

    [PostgresFact]
    public async Task Of_eight_concurrent_saves_from_one_version_exactly_one_wins_and_the_rest_get_conflicts()
    {
        var (store, database) = await OpenNewDatabaseAsync();
        await using var _ = store;
        var created = await store.Scenarios.SaveAsync(null, ScenarioStoreTests.ScenarioJson("Shared"), null, "ann", default);
        var processes = new List<PlannerStore>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                processes.Add(await PlannerStore.OpenAsync(server.ConnectionString(database), _time));
            }
            var outcomes = await Task.WhenAll(processes.Select(async (process, i) =>
            {
                try
                {
                    await process.Scenarios.SaveAsync(created.Id, ScenarioStoreTests.ScenarioJson($"Edit {i}"), 1, $"user{i}", default);
                    return "saved";
                }
                catch (ConcurrencyConflictException)
                {
                    return "conflict";
                }
            }));

            Assert.Equal(1, outcomes.Count(o => o == "saved"));
            Assert.Equal(7, outcomes.Count(o => o == "conflict"));
            Assert.Equal(2, (await store.Scenarios.GetAsync(created.Id, default)).Version);
            Assert.Equal(2, (await store.Scenarios.HistoryAsync(created.Id, default)).Count);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task A_benchmark_run_imports_once_even_when_pushed_four_times_at_once()
    {
        var (store, database) = await OpenNewDatabaseAsync();
        await using var _ = store;
        await using var otherProcess = await PlannerStore.OpenAsync(server.ConnectionString(database), _time);
        var json = BenchmarkFiles.Json();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            (i % 2 == 0 ? store : otherProcess).Benchmarks.ImportAsync(json, $"push{i}.json", "agent", default)));

        Assert.Equal(1, results.Count(r => !r.AlreadyImported));
        var run = await otherProcess.Benchmarks.GetRunAsync("20260110-120000-abcdef12", default);
        Assert.Equal(json, run.Json);
        Assert.Equal(6, run.Results.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], run.Results.Select(r => r.Index));
        Assert.Equal((1234.5, "tokens/s"), (run.Results[0].ThroughputValue, run.Results[0].ThroughputUnit));
        Assert.Equal((DateTimeKind.Utc, new DateTime(2026, 1, 10, 12, 0, 0, DateTimeKind.Utc)), (run.StartedAt.Kind, run.StartedAt));
        // Filters compare without regard to case, as on SQLite.
        Assert.Single(await store.Benchmarks.ListRunsAsync("GPT-Decoder", "test cpu", default));
        Assert.Single(await store.Audit.ListAsync(10, "agent", default));
    }

    [PostgresFact]
    public async Task A_catalog_import_the_database_refuses_half_way_is_rolled_back_whole()
    {
        var (store, database) = await OpenNewDatabaseAsync();
        await using var _ = store;
        var before = await SnapshotAsync(store);
        // A trigger makes the server itself refuse the second new row, after the first was inserted and a seed row updated.
        await server.ExecuteAsync(database, """
            CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
            CREATE TRIGGER refuse BEFORE INSERT ON "CatalogApiPrices" FOR EACH ROW WHEN (NEW."Model" = 'refused') EXECUTE FUNCTION refuse_row();
            """);
        var csv = """
            vendor,model,inputPerMillionUsd,outputPerMillionUsd,contextWindowTokens,source,sourceUrl,asOf
            OpenAI,GPT-4o,2.00,8.00,128000,"OpenAI pricing, 2026",https://openai.com/api/pricing/,2026-02-01
            acme,tiny,0.01,0.02,,Acme price list,,2026-02-01
            acme,refused,0.01,0.02,,Acme price list,,2026-02-01
            """;

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => store.Catalogs.ImportCsvAsync("api", new StringReader(csv), "ann", default));

        Assert.Contains("refused by the test", ex.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(store));
        Assert.Empty(await store.Audit.ListAsync(10, "ann", default));
        // Without the refused row the same import goes through.
        var result = await store.Catalogs.ImportCsvAsync("api", new StringReader(csv[..csv.LastIndexOf('\n')]), "ann", default);
        Assert.Equal(new CatalogImportResult("api", 1, 1), result);
        Assert.Equal(2.00m, (await store.Catalogs.GetAsync<ApiPrice>("openai/gpt-4o", default)).InputPerMillionUsd);
    }

    [PostgresFact]
    public async Task Accounts_roles_and_tokens_work_and_every_change_is_in_the_audit_log()
    {
        var (store, _) = await OpenNewDatabaseAsync();
        await using var __ = store;
        var accounts = store.Accounts;

        await accounts.AddUserAsync("ada", PlannerRoles.Admin, "a long passphrase", "ada@example.com", "cli:root", default);
        _time.Advance(TimeSpan.FromMinutes(1));
        await accounts.AddUserAsync("bob", PlannerRoles.Editor, "another long passphrase", null, "cli:root", default);
        var taken = await Assert.ThrowsAsync<InputException>(() => accounts.AddUserAsync("BOB", PlannerRoles.Viewer, "a third long passphrase", null, "cli:root", default));
        Assert.Equal("name", taken.Problems[0].Path);

        Assert.Equal([("ada", PlannerRoles.Admin), ("bob", PlannerRoles.Editor)], (await accounts.ListUsersAsync(default)).Select(u => (u.Name, u.Role)));
        Assert.Equal("ada", (await accounts.FindUserAsync("ADA", default))?.Name);
        Assert.True(await accounts.AnyAdminAsync(default));

        var created = await accounts.CreateTokenAsync("bob", "write", "gpu-box-1", "bob", default);
        Assert.Equal(new TokenIdentity("bob", PlannerRoles.Editor, "write", created.Token.Id), await accounts.VerifyTokenAsync(created.Text, default));
        Assert.Null(await accounts.VerifyTokenAsync(created.Text + "x", default));
        await using (var db = await store.Database.CreateContextAsync(default))
        {
            Assert.Equal(AccountService.HashOf(created.Text), (await db.ApiTokens.SingleAsync()).Hash);
        }
        _time.Advance(TimeSpan.FromMinutes(1));
        var revoked = await accounts.RevokeTokenAsync(created.Token.Id, "ada", default);
        Assert.Equal(_time.Now.UtcDateTime, revoked.RevokedAt);
        Assert.Null(await accounts.VerifyTokenAsync(created.Text, default));

        var last = await Assert.ThrowsAsync<InputException>(() => accounts.RemoveUserAsync("ada", "cli:root", default));
        Assert.Contains("last admin", last.Message, StringComparison.Ordinal);
        await accounts.CreateTokenAsync("bob", "read", null, "bob", default);
        await accounts.RemoveUserAsync("bob", "cli:root", default);
        Assert.Equal(["ada"], (await accounts.ListUsersAsync(default)).Select(u => u.Name));
        Assert.Empty(await accounts.ListTokensAsync(null, default));

        var audit = await store.Audit.ListAsync(AuditLog.MaxTake, null, default);
        Assert.Equal(
            ["user.remove cli:root bob", "token.create bob bob", "token.revoke ada bob", "token.create bob bob", "user.add cli:root bob", "user.add cli:root ada"],
            audit.Where(e => e.User != PlannerDatabase.SeedUser).Select(e => $"{e.Action} {e.User} {e.Target}"));
        Assert.Equal(2, (await store.Audit.ListAsync(10, "bob", default)).Count);
    }

    /// <summary>Every catalog as exported, and the audit log's entries.</summary>
    private static async Task<string> SnapshotAsync(PlannerStore store)
    {
        var parts = new List<string>();
        foreach (var kind in CatalogKinds.All)
        {
            parts.Add(await store.Catalogs.ExportCsvAsync(kind.Name, default));
        }
        parts.AddRange((await store.Audit.ListAsync(AuditLog.MaxTake, null, default)).Select(e => $"{e.Id} {e.At:O} {e.User} {e.Action} {e.Target}"));
        return string.Join("\n---\n", parts);
    }
}
