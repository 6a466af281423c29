namespace Planner.Cli.IntegrationTests;

/// <summary>
/// The start-up JIT profile (docs/decisions/057-cli-startup-jit-profile.md) through the real planner process: written per
/// verb into the per-user cache folder, and never a reason for a command to fail. Nothing here is timed.
/// </summary>
public sealed class StartupProfileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-profile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<PlannerResult> Planner(string cacheHome, params string[] args) =>
        PlannerProcess.RunAsync(args, new Dictionary<string, string>
        {
            ["PLANNER_DB"] = Path.Combine(_folder, "db", "planner.db"),
            ["XDG_CACHE_HOME"] = cacheHome,
        }, _folder);

    [Fact]
    public async Task A_run_leaves_its_verbs_profile_in_the_cache_folder_and_the_next_run_plays_it_with_the_same_output()
    {
        var cacheHome = Path.Combine(_folder, "cache");
        var profile = Path.Combine(cacheHome, "planner", "jit-profiles", "catalog.profile");

        var first = await Planner(cacheHome, "catalog", "list", "gpus");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(File.Exists(profile), $"no {profile}");
        Assert.True(new FileInfo(profile).Length > 0, $"{profile} is empty");

        var second = await Planner(cacheHome, "catalog", "list", "gpus");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal("", second.Stderr);

        var version = await Planner(cacheHome, "--version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal(["catalog.profile"], Directory.GetFiles(Path.GetDirectoryName(profile)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_cache_folder_that_cannot_be_made_leaves_the_command_working_as_without_a_profile()
    {
        // A regular file where the cache folder should be: no folder can be made under it, whoever runs the test.
        var blocked = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "");
        var withProfile = await Planner(Path.Combine(_folder, "cache"), "catalog", "list", "gpus");

        var result = await Planner(blocked, "catalog", "list", "gpus");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        Assert.Equal(withProfile.Stdout, result.Stdout);
        Assert.Equal(0, new FileInfo(blocked).Length);
    }
}
