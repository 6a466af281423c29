namespace Planner.CostModel;

/// <summary>
/// The per-user cache folder the hosts keep files in that can be rebuilt at any time (built models, start-up JIT
/// profiles): <c>$XDG_CACHE_HOME/planner</c>, else <c>~/.cache/planner</c>; on Windows <c>%LOCALAPPDATA%\planner</c>.
/// A relative <c>XDG_CACHE_HOME</c> is ignored, as the XDG base directory specification says.
/// </summary>
public static class UserCacheFolder
{
    /// <param name="variable">Reads an environment variable (the process's when null).</param>
    public static string Of(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "planner");
        }
        var cacheHome = variable("XDG_CACHE_HOME");
        if (string.IsNullOrWhiteSpace(cacheHome) || !Path.IsPathRooted(cacheHome))
        {
            cacheHome = Path.Combine(variable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }
        return Path.Combine(cacheHome, "planner");
    }
}
