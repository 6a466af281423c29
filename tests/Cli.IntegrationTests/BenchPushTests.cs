namespace Planner.Cli.IntegrationTests;

public sealed class BenchPushTests
{
    [Theory]
    [InlineData("planner:5000")]
    [InlineData("ftp://planner/")]
    [InlineData("not a url")]
    public async Task A_push_url_that_is_not_http_is_refused_before_the_benchmark_runs(string url)
    {
        var folder = Path.Combine(Path.GetTempPath(), "planner-push-" + Guid.NewGuid().ToString("N"));

        var result = await PlannerProcess.RunAsync("bench", "run", "--profile", "smoke", "--device", "cpu", "--out", folder, "--push", url);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"--push must be an absolute http or https URL such as http://planner:5000 (got \"{url}\")", result.Stderr.Trim());
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder).Any(), "no results are written: the run never started");
    }
}
