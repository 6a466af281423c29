using Planner.CostModel;
using Planner.Data.Scenarios;

namespace Planner.Data.IntegrationTests;

public sealed class ScenarioStoreTests : IAsyncLifetime
{
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    private ScenarioStore Scenarios => _temp.Store.Scenarios;

    internal static string ScenarioJson(string name, double requests = 1_000_000) => $$"""
        {
          "name": "{{name}}",
          "description": "A test scenario",
          "horizonMonths": 24,
          "workload": { "requestsPerMonth": {{requests}}, "inputTokensPerRequest": 500, "outputTokensPerRequest": 200 },
          "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 1, "outputPricePerMillion": 2 } ]
        }
        """;

    [Fact]
    public async Task Save_keeps_every_version_and_restore_saves_an_old_one_as_new()
    {
        var first = await Scenarios.SaveAsync(null, ScenarioJson("Support v1"), null, "ann", default);
        Assert.Matches("^[a-z0-9]{8}$", first.Id);
        Assert.Equal(1, first.Version);
        Assert.Equal("Support v1", first.Name);
        Assert.Equal("A test scenario", first.Description);

        _temp.Time.Advance(TimeSpan.FromHours(1));
        var second = await Scenarios.SaveAsync(first.Id, ScenarioJson("Support v2", 2_000_000), 1, "bob", default);
        Assert.Equal(2, second.Version);

        var restored = await Scenarios.RestoreAsync(first.Id, 1, 2, "ann", default);

        Assert.Equal(3, restored.Version);
        Assert.Equal("Support v1", restored.Name);
        var history = await Scenarios.HistoryAsync(first.Id, default);
        Assert.Equal([3, 2, 1], history.Select(h => h.Version));
        Assert.Equal(["ann", "bob", "ann"], history.Select(h => h.SavedBy));
        Assert.Equal("restored version 1", history[0].Note);
        Assert.Equal(ScenarioJson("Support v2", 2_000_000), await Scenarios.GetVersionJsonAsync(first.Id, 2, default));
        var stored = await Scenarios.GetAsync(first.Id, default);
        Assert.Equal(ScenarioJson("Support v1"), stored.CurrentJson);
        Assert.Equal("ann", stored.Owner);
        Assert.Equal(_temp.Time.Now.UtcDateTime, stored.UpdatedAt);
    }

    [Fact]
    public async Task Second_of_two_saves_from_the_same_version_gets_a_conflict_and_the_first_stays()
    {
        var created = await Scenarios.SaveAsync(null, ScenarioJson("Shared"), null, "ann", default);
        await using var otherProcess = await _temp.OpenAnotherAsync();

        await Scenarios.SaveAsync(created.Id, ScenarioJson("Ann's edit"), 1, "ann", default);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(
            () => otherProcess.Scenarios.SaveAsync(created.Id, ScenarioJson("Bob's edit"), 1, "bob", default));

        Assert.Contains("saved as version 2 by ann", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(2, conflict.CurrentVersion);
        var stored = await Scenarios.GetAsync(created.Id, default);
        Assert.Equal("Ann's edit", stored.Name);
        Assert.Equal(2, stored.Version);
        Assert.Equal(2, (await Scenarios.HistoryAsync(created.Id, default)).Count);
    }

    [Fact]
    public async Task Saving_over_a_scenario_without_the_edited_version_is_refused()
    {
        var created = await Scenarios.SaveAsync(null, ScenarioJson("A"), null, "ann", default);
        var ex = await Assert.ThrowsAsync<InputException>(() => Scenarios.SaveAsync(created.Id, ScenarioJson("B"), null, "bob", default));
        Assert.Contains("needs the version you edited", ex.Message, StringComparison.Ordinal);
        Assert.Equal("A", (await Scenarios.GetAsync(created.Id, default)).Name);
    }

    [Fact]
    public async Task Invalid_scenario_json_is_rejected_and_nothing_is_written()
    {
        var ex = await Assert.ThrowsAsync<InputException>(
            () => Scenarios.SaveAsync(null, """{ "name": "x", "horizonMonths": 0, "workload": {}, "options": [] }""", null, "ann", default));
        Assert.Contains("options must list at least one option", ex.Lines);
        Assert.Empty(await Scenarios.ListAsync(default));
    }

    [Fact]
    public async Task Duplicate_copies_the_current_json_under_a_new_id_and_delete_removes_history()
    {
        var original = await Scenarios.SaveAsync(new ScenarioSave { Json = ScenarioJson("Plan"), Owner = "ann", Tags = ["support", "2026"] }, default);

        var copy = await Scenarios.DuplicateAsync(original.Id, "bob", null, default);

        Assert.NotEqual(original.Id, copy.Id);
        Assert.Equal("Plan (copy)", copy.Name);
        Assert.Equal(["support", "2026"], copy.Tags);
        // The copy's JSON carries its new name (the editor, reports and exports read the name from the JSON); the rest is the original's.
        var copied = Planner.CostModel.Json.ScenarioJson.Parse(copy.CurrentJson);
        var source = Planner.CostModel.Json.ScenarioJson.Parse(original.CurrentJson);
        Assert.Equal("Plan (copy)", copied.Name);
        Assert.Equal(Planner.CostModel.Json.ScenarioJsonWriter.Write(source with { Name = "Plan (copy)" }), Planner.CostModel.Json.ScenarioJsonWriter.Write(copied));
        Assert.Equal(copy.CurrentJson, await Scenarios.GetVersionJsonAsync(copy.Id, 1, default));

        await Scenarios.DeleteAsync(original.Id, 1, "test", default);

        Assert.Null(await Scenarios.FindAsync(original.Id, default));
        await Assert.ThrowsAsync<InputException>(() => Scenarios.HistoryAsync(original.Id, default));
        Assert.Equal([copy.Id], (await Scenarios.ListAsync(default)).Select(s => s.Id));
    }

    [Fact]
    public async Task A_name_and_description_given_with_a_save_are_the_stored_jsons_and_checked_like_it()
    {
        var saved = await Scenarios.SaveAsync(new ScenarioSave { Json = ScenarioJson("Plan"), Owner = "ann", Name = "Board plan", Description = "for the board" }, default);

        Assert.Equal("Board plan", saved.Name);
        Assert.Equal("for the board", saved.Description);
        var scenario = Planner.CostModel.Json.ScenarioJson.Parse(saved.CurrentJson);
        Assert.Equal("Board plan", scenario.Name);
        Assert.Equal("for the board", scenario.Description);
        Assert.Equal(24, scenario.HorizonMonths);

        var tooLong = await Assert.ThrowsAsync<InputException>(() => Scenarios.SaveAsync(
            new ScenarioSave { Json = ScenarioJson("Plan"), Owner = "ann", Name = new string('x', Planner.CostModel.Limits.NameLength + 1) }, default));
        Assert.Contains(tooLong.Problems, p => p.Path == "name");
        Assert.Single(await Scenarios.ListAsync(default));
    }

    [Fact]
    public async Task A_chosen_id_must_be_a_lower_case_slug()
    {
        var saved = await Scenarios.SaveAsync("support-2026", ScenarioJson("S"), null, "ann", default);
        Assert.Equal("support-2026", saved.Id);
        await Assert.ThrowsAsync<InputException>(() => Scenarios.SaveAsync("Bad Id", ScenarioJson("S"), null, "ann", default));
    }
}
