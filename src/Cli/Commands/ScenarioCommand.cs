using System.CommandLine;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.Data;
using Planner.Data.Scenarios;

namespace Planner.Cli.Commands;

/// <summary><c>planner scenario list|show|save|history|export|restore|duplicate|delete</c>: scenarios kept in the store (PLANNER_DB).</summary>
public static class ScenarioCommand
{
    public static Command Create()
    {
        var scenario = new Command("scenario", "Saved scenarios with every version kept (store: PLANNER_DB).");
        scenario.Subcommands.Add(CreateList());
        scenario.Subcommands.Add(CreateShow());
        scenario.Subcommands.Add(CreateSave());
        scenario.Subcommands.Add(CreateHistory());
        scenario.Subcommands.Add(CreateExport());
        scenario.Subcommands.Add(CreateRestore());
        scenario.Subcommands.Add(CreateDuplicate());
        scenario.Subcommands.Add(CreateDelete());
        return scenario;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "Stored scenario id (see planner scenario list)" };

    private static Option<string> ByOption() =>
        new("--by") { Description = "Who saves (default: the user name)", DefaultValueFactory = _ => Environment.UserName };

    private static Option<int?> ExpectedVersionOption() =>
        new("--expected-version") { Description = "The version your change is based on; the save fails if someone saved since" };

    private static Command CreateList()
    {
        var format = FormatOption.Create(["table", "json"]);
        var list = new Command("list", "List stored scenarios, most recently saved first.") { format };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var scenarios = await store.Scenarios.ListAsync(ct);
            await Console.Out.WriteAsync(parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(scenarios) + Environment.NewLine
                : TextTable.Render(["id", "name", "version", "updated (UTC)", "by", "owner", "tags"],
                    scenarios.Select(s => (IReadOnlyList<string>)[s.Id, s.Name, s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        TextTable.Time(s.UpdatedAt), s.UpdatedBy, s.Owner, string.Join(", ", s.Tags)])));
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateShow()
    {
        var id = IdArgument();
        var format = FormatOption.Create(["table", "json"]);
        var show = new Command("show", "Show a stored scenario: its metadata and current JSON.") { id, format };
        show.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var stored = await store.Scenarios.GetAsync(parse.GetRequiredValue(id), ct);
            var summary = ScenarioStore.Summarize(stored);
            if (parse.GetValue(format) == "json")
            {
                var node = System.Text.Json.Nodes.JsonNode.Parse(PlannerJson.Serialize(summary))!.AsObject();
                node["scenario"] = System.Text.Json.Nodes.JsonNode.Parse(stored.CurrentJson, documentOptions: ScenarioJson.DocumentOptions);
                await Console.Out.WriteLineAsync(node.ToJsonString(PlannerJson.Options));
                return ExitCodes.Ok;
            }
            await Console.Out.WriteAsync(TextTable.Render(["field", "value"],
            [
                ["id", summary.Id], ["name", summary.Name], ["description", summary.Description ?? ""], ["tags", string.Join(", ", summary.Tags)],
                ["owner", summary.Owner], ["created (UTC)", TextTable.Time(summary.CreatedAt)],
                ["updated (UTC)", $"{TextTable.Time(summary.UpdatedAt)} by {summary.UpdatedBy}"],
                ["version", summary.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ]));
            await Console.Out.WriteLineAsync(stored.CurrentJson);
            return ExitCodes.Ok;
        });
        return show;
    }

    private static Command CreateSave()
    {
        var file = new Argument<string>("file") { Description = "Scenario JSON file" };
        var id = new Option<string?>("--id") { Description = "Save as a new version of this scenario (or create it with this id); default: a new scenario with a new id" };
        var expected = ExpectedVersionOption();
        var name = new Option<string?>("--name") { Description = "Name (default: the scenario's name)" };
        var description = new Option<string?>("--description") { Description = "Description (default: the scenario's description)" };
        var tags = new Option<string[]>("--tag") { Description = "A tag (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var note = new Option<string?>("--note") { Description = "What changed in this version" };
        var by = ByOption();
        var save = new Command("save", "Save a scenario file into the store (checked first; references may be unresolved).")
        {
            file, id, expected, name, description, tags, note, by,
        };
        save.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                throw new InputException($"scenario file not found: {path}");
            }
            var json = await File.ReadAllTextAsync(path, ct);
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var tagValues = parse.GetValue(tags);
            var saved = await store.Scenarios.SaveAsync(new ScenarioSave
            {
                Id = parse.GetValue(id),
                Json = json,
                ExpectedVersion = parse.GetValue(expected),
                Owner = parse.GetRequiredValue(by),
                Name = parse.GetValue(name),
                Description = parse.GetValue(description),
                Tags = tagValues is { Length: > 0 } ? tagValues : null,
                Note = parse.GetValue(note),
            }, ct);
            await Console.Out.WriteLineAsync($"{saved.Id} version {saved.Version}: {saved.Name}");
            return ExitCodes.Ok;
        });
        return save;
    }

    private static Command CreateHistory()
    {
        var id = IdArgument();
        var format = FormatOption.Create(["table", "json"]);
        var history = new Command("history", "List every saved version of a scenario, newest first.") { id, format };
        history.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var versions = await store.Scenarios.HistoryAsync(parse.GetRequiredValue(id), ct);
            await Console.Out.WriteAsync(parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(versions) + Environment.NewLine
                : TextTable.Render(["version", "saved (UTC)", "by", "note"],
                    versions.Select(v => (IReadOnlyList<string>)[v.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), TextTable.Time(v.SavedAt), v.SavedBy, v.Note ?? ""])));
            return ExitCodes.Ok;
        });
        return history;
    }

    private static Command CreateExport()
    {
        var id = IdArgument();
        var version = new Option<int?>("--version") { Description = "An earlier version (default: the current one)" };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var export = new Command("export", "Write a stored scenario's JSON exactly as saved.") { id, version, output };
        export.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var scenarioId = parse.GetRequiredValue(id);
            var json = parse.GetValue(version) is { } v
                ? await store.Scenarios.GetVersionJsonAsync(scenarioId, v, ct)
                : (await store.Scenarios.GetAsync(scenarioId, ct)).CurrentJson;
            await Output.WriteAsync(parse.GetValue(output), json.EndsWith('\n') ? json : json + Environment.NewLine, ct);
            return ExitCodes.Ok;
        });
        return export;
    }

    private static Command CreateRestore()
    {
        var id = IdArgument();
        var version = new Argument<int>("version") { Description = "The version to bring back (saved as a new version)" };
        var expected = ExpectedVersionOption();
        var by = ByOption();
        var restore = new Command("restore", "Save an earlier version's JSON as the newest version.") { id, version, expected, by };
        restore.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var scenarioId = parse.GetRequiredValue(id);
            var basedOn = parse.GetValue(expected) ?? (await store.Scenarios.GetAsync(scenarioId, ct)).Version;
            var saved = await store.Scenarios.RestoreAsync(scenarioId, parse.GetValue(version), basedOn, parse.GetRequiredValue(by), ct);
            await Console.Out.WriteLineAsync($"{saved.Id} version {saved.Version}: {saved.Name} (restored version {parse.GetValue(version)})");
            return ExitCodes.Ok;
        });
        return restore;
    }

    private static Command CreateDuplicate()
    {
        var id = IdArgument();
        var name = new Option<string?>("--name") { Description = "Name of the copy (default: the name + \" (copy)\")" };
        var by = ByOption();
        var duplicate = new Command("duplicate", "Copy a stored scenario under a new id.") { id, name, by };
        duplicate.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var copy = await store.Scenarios.DuplicateAsync(parse.GetRequiredValue(id), parse.GetRequiredValue(by), parse.GetValue(name), ct);
            await Console.Out.WriteLineAsync($"{copy.Id} version {copy.Version}: {copy.Name}");
            return ExitCodes.Ok;
        });
        return duplicate;
    }

    private static Command CreateDelete()
    {
        var id = IdArgument();
        var expected = ExpectedVersionOption();
        var by = ByOption();
        var delete = new Command("delete", "Delete a stored scenario and its history (the audit log records who).") { id, expected, by };
        delete.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            await store.Scenarios.DeleteAsync(parse.GetRequiredValue(id), parse.GetValue(expected), parse.GetRequiredValue(by), ct);
            await Console.Out.WriteLineAsync($"deleted {parse.GetRequiredValue(id)}");
            return ExitCodes.Ok;
        });
        return delete;
    }
}
