using System.CommandLine;
using Planner.CostModel.Json;
using Planner.Data;
using Planner.Data.Catalogs;

namespace Planner.Cli.Commands;

/// <summary><c>planner catalog list|import|export|reload</c>: the sourced catalogs in the store (PLANNER_DB).</summary>
public static class CatalogCommand
{
    private static readonly string[] KindNames = CatalogKinds.All.Select(k => k.Name).ToArray();

    public static Command Create()
    {
        var catalog = new Command("catalog", "GPUs, cloud offers, API prices, cost defaults and model shapes, each row with its source and date (store: PLANNER_DB).");
        catalog.Subcommands.Add(CreateList());
        catalog.Subcommands.Add(CreateImport());
        catalog.Subcommands.Add(CreateExport());
        catalog.Subcommands.Add(CreateReload());
        return catalog;
    }

    private static Argument<string> KindArgument()
    {
        var kind = new Argument<string>("kind") { Description = string.Join(", ", KindNames) };
        kind.AcceptOnlyFromAmong(KindNames);
        return kind;
    }

    private static Command CreateList()
    {
        var kind = KindArgument();
        var format = FormatOption.Create(["table", "json", "csv"]);
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var list = new Command("list", "List a catalog's rows.") { kind, format, output };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var catalog = CatalogKinds.Get(parse.GetRequiredValue(kind));
            var rows = await store.Catalogs.ListAsync(catalog.Name, ct);
            var text = parse.GetValue(format) switch
            {
                "json" => PlannerJson.Serialize(rows.Cast<object>().ToArray()) + Environment.NewLine,
                "csv" => catalog.WriteCsv(rows),
                _ => TextTable.Render(
                    [.. catalog.Columns.Where(c => c.Name != "sourceUrl").Select(c => c.Unit.Length > 0 && c.Unit != "date" ? $"{c.Name} ({c.Unit})" : c.Name), "updatedBy"],
                    rows.Select(r => (IReadOnlyList<string>)[.. Visible(catalog, r), r.UpdatedBy])),
            };
            await Output.WriteAsync(parse.GetValue(output), text, ct);
            return ExitCodes.Ok;
        });
        return list;
    }

    private static IEnumerable<string> Visible(ICatalogKind catalog, Data.Entities.CatalogRow row) =>
        catalog.Columns.Zip(catalog.Format(row)).Where(x => x.First.Name != "sourceUrl")
            .Select(x => x.First.Name == "source" && x.Second.Length > SourceWidth ? x.Second[..(SourceWidth - 3)] + "..." : x.Second);

    /// <summary>The table shows the start of the source text; json and csv carry all of it.</summary>
    private const int SourceWidth = 48;

    private static Command CreateImport()
    {
        var kind = KindArgument();
        var file = new Argument<string>("file") { Description = "CSV file with the catalog's columns (docs/data.md)" };
        var by = new Option<string>("--by") { Description = "Who makes the change (default: the user name)", DefaultValueFactory = _ => Environment.UserName };
        var import = new Command("import", "Add or replace catalog rows from CSV: every row or none (one error line per bad row).") { kind, file, by };
        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                throw new CostModel.InputException($"CSV file not found: {path}");
            }
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            using var reader = new StreamReader(path);
            var result = await store.Catalogs.ImportCsvAsync(parse.GetRequiredValue(kind), reader, parse.GetRequiredValue(by), ct);
            await Console.Out.WriteLineAsync($"{result} ({store.Location.Display})");
            return ExitCodes.Ok;
        });
        return import;
    }

    private static Command CreateExport()
    {
        var kind = KindArgument();
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var export = new Command("export", "Write a catalog as CSV with the import columns (re-importable).") { kind, output };
        export.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            await Output.WriteAsync(parse.GetValue(output), await store.Catalogs.ExportCsvAsync(parse.GetRequiredValue(kind), ct), ct);
            return ExitCodes.Ok;
        });
        return export;
    }

    private static Command CreateReload()
    {
        var reload = new Command("reload", "Load the shipped seed catalogs again: seed rows replace rows with the same key; other rows stay.");
        reload.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            foreach (var result in await store.Catalogs.ReloadSeedAsync(ct))
            {
                await Console.Out.WriteLineAsync(result.ToString());
            }
            return ExitCodes.Ok;
        });
        return reload;
    }
}
