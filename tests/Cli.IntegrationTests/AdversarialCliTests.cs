namespace Planner.Cli.IntegrationTests;

/// <summary>
/// Bad arguments for the CLI verbs (issue 17): each ends with the documented exit code (src/Cli/ExitCodes.cs) and
/// clear lines on standard error, never a stack trace.
/// </summary>
public sealed class AdversarialCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-adversarial-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(2, "evaluate")]
    [InlineData(2, "evaluate", "missing.json")]
    [InlineData(2, "evaluate", "{ not json")]
    [InlineData(2, "evaluate", "{\"name\": \"\\ud800\"}")]
    [InlineData(2, "evaluate", "EXAMPLE", "--format", "yaml")]
    [InlineData(2, "validate", "{}")]
    [InlineData(2, "finance", "npv", "--rate", "abc", "--values=1,2")]
    [InlineData(2, "finance", "npv", "--rate", "0.1", "--values=1,x")]
    [InlineData(2, "report", "EXAMPLE")]
    [InlineData(2, "report", "EXAMPLE", "--pdf", "FILE/r.pdf")]
    [InlineData(2, "simulate", "RISK", "--trials", "99")]
    [InlineData(2, "simulate", "RISK", "--trials", "1000001")]
    [InlineData(2, "simulate", "RISK", "--trials", "many")]
    [InlineData(2, "catalog", "list", "nothing")]
    [InlineData(2, "scenario", "history", "nope0000")]
    [InlineData(2, "bench", "import", "missing.json")]
    [InlineData(2, "bench", "run", "--profile", "no-such-profile")]
    [InlineData(2, "no-such-verb")]
    [InlineData(3, "catalog", "list", "gpus", "--db-readonly-missing")]
    public async Task A_bad_invocation_exits_with_its_code_and_clear_lines(int exitCode, params string[] args)
    {
        var file = Path.Combine(_folder, "file");
        File.WriteAllText(file, "");
        var database = Path.Combine(_folder, "db", "planner.db");
        var environment = new Dictionary<string, string> { ["PLANNER_DB"] = database };
        var arguments = args.Where(a => a != "--db-readonly-missing").Select(a => a switch
        {
            "EXAMPLE" => PlannerProcess.Example("support-assistant.json"),
            "RISK" => PlannerProcess.Example("risk-support-assistant.json"),
            _ => a.Replace("FILE", file, StringComparison.Ordinal),
        }).ToArray();
        if (args.Contains("--db-readonly-missing"))
        {
            environment["PLANNER_DB"] = $"Data Source={Path.Combine(_folder, "none", "x.db")};Mode=ReadOnly";
        }

        var result = await PlannerProcess.RunAsync(arguments, environment, _folder);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.NotEmpty(result.ErrorLines);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_compare_refuses_a_format_other_than_table_or_json_before_it_reads_the_files()
    {
        var result = await PlannerProcess.RunAsync(["bench", "compare", "missing-a.json", "missing-b.json", "--format", "yaml"], workingDirectory: _folder);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Argument 'yaml' not recognized. Must be one of:", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("missing-a.json", result.Stderr, StringComparison.Ordinal);
    }
}
