namespace Planner.Cli.IntegrationTests;

/// <summary>
/// Faults end in one clear line and a documented exit code (src/Cli/ExitCodes.cs), never a stack trace and exit 134
/// (issue 17): a lone surrogate, 1e308, a read-only or missing store, a report path that cannot be written; and
/// <c>report</c> writes its files all or none.
/// </summary>
public sealed class FaultTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-faults-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Example(string replace, string with)
    {
        var text = File.ReadAllText(PlannerProcess.Example("support-assistant.json"));
        Assert.Contains(replace, text, StringComparison.Ordinal);
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, text.Replace(replace, with, StringComparison.Ordinal));
        return path;
    }

    private static void OneClearLine(PlannerResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(expected, Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task A_lone_surrogate_in_the_scenario_exits_2_naming_the_field()
    {
        var result = await PlannerProcess.RunAsync("evaluate", Example("\"name\": \"Support", "\"name\": \"\\ud800Support"));

        OneClearLine(result, ExitCodes.BadInput, "name must be valid Unicode text (it holds an unpaired surrogate escape such as \\ud800)");
    }

    [Fact]
    public async Task A_server_price_of_1e308_exits_2_naming_the_field_and_its_range()
    {
        var result = await PlannerProcess.RunAsync("evaluate", Example("\"serverPrice\": 320000", "\"serverPrice\": 1e308"));

        OneClearLine(result, ExitCodes.BadInput, "options[2].serverPrice must be >= 0 and <= 1,000,000,000 (got 1E+308)");
    }

    [Fact]
    public async Task Saving_to_a_read_only_store_exits_3_with_one_line()
    {
        var database = Path.Combine(_folder, "db", "planner.db");
        var create = await PlannerProcess.RunAsync(["catalog", "list", "gpus"], new Dictionary<string, string> { ["PLANNER_DB"] = database });
        Assert.True(create.ExitCode == 0, create.ToString());

        var result = await PlannerProcess.RunAsync(["scenario", "save", PlannerProcess.Example("support-assistant.json")],
            new Dictionary<string, string> { ["PLANNER_DB"] = $"Data Source={database};Mode=ReadOnly" });

        OneClearLine(result, ExitCodes.StoreUnavailable,
            "the Planner store (PLANNER_DB) cannot be used: SQLite Error 8: 'attempt to write a readonly database'; nothing was changed");
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_exits_3_with_one_line()
    {
        var result = await PlannerProcess.RunAsync(["catalog", "list", "gpus"],
            new Dictionary<string, string> { ["PLANNER_DB"] = $"Data Source={Path.Combine(_folder, "missing", "x.db")};Mode=ReadOnly" });

        OneClearLine(result, ExitCodes.StoreUnavailable,
            "the Planner store (PLANNER_DB) cannot be used: SQLite Error 14: 'unable to open database file'; nothing was changed");
    }

    [Fact]
    public async Task A_report_whose_last_file_cannot_be_written_writes_none_and_leaves_no_tmp_files()
    {
        var output = Path.Combine(_folder, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "report.pdf"), "old pdf");
        var notAFolder = Path.Combine(_folder, "file");
        File.WriteAllText(notAFolder, "");

        var result = await PlannerProcess.RunAsync("report", PlannerProcess.Example("support-assistant.json"),
            "--pdf", Path.Combine(output, "report.pdf"), "--csv", Path.Combine(output, "report.csv"), "--xlsx", Path.Combine(notAFolder, "report.xlsx"));

        Assert.True(result.ExitCode == ExitCodes.BadInput, result.ToString());
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.ErrorLines);
        Assert.Equal(["report.pdf"], Directory.GetFiles(output).Select(Path.GetFileName));
        Assert.Equal("old pdf", File.ReadAllText(Path.Combine(output, "report.pdf")));
    }
}
