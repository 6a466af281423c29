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

    [Fact]
    public async Task A_report_past_its_time_budget_exits_124_and_writes_nothing()
    {
        var output = Path.Combine(_folder, "budget");
        Directory.CreateDirectory(output);

        // A million trials take far longer than one second on any machine this runs on.
        var result = await PlannerProcess.RunAsync("report", PlannerProcess.Example("risk-support-assistant.json"),
            "--csv", Path.Combine(output, "report.csv"), "--trials", "1000000", "--time-budget", "1");

        Assert.True(result.ExitCode == ExitCodes.TimedOut, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("the report was cancelled after its time budget of 1 s", line, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output));
    }

    [Fact]
    public async Task A_time_budget_out_of_range_is_refused_with_its_range()
    {
        var result = await PlannerProcess.RunAsync("report", PlannerProcess.Example("support-assistant.json"),
            "--csv", Path.Combine(_folder, "report.csv"), "--time-budget", "0");

        OneClearLine(result, ExitCodes.BadInput, "--time-budget must be >= 1 and <= 86400 seconds (got 0)");
    }

    [Fact]
    public async Task A_full_disk_exits_74_with_one_line_not_a_stack_trace()
    {
        // /dev/full answers every write with ENOSPC, as a full disk does.
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PlannerProcess.RepositoryRoot,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec dotnet \"$0\" evaluate \"$1\" --format csv > /dev/full");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "planner.dll"));
        start.ArgumentList.Add(PlannerProcess.Example("support-assistant.json"));
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(74, process.ExitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("the disk is full: ", line, StringComparison.Ordinal);
    }
}
