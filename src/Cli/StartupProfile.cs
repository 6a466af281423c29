using System.Runtime;
using Planner.CostModel;

namespace Planner.Cli;

/// <summary>
/// .NET's multi-core background JIT from a recorded profile (docs/decisions/057-cli-startup-jit-profile.md): the
/// runtime records which methods a run JIT-compiled into <c>VERB.profile</c> in <see cref="Folder"/>, and the next run
/// of the same verb compiles them on another core while the main thread runs. A cache folder that cannot be made or
/// written leaves the CLI starting as without a profile, silently: the profile only saves time.
/// </summary>
public static class StartupProfile
{
    /// <summary>The profiles' folder: <c>jit-profiles</c> in the <see cref="UserCacheFolder"/>.</summary>
    public static string Folder(Func<string, string?>? variable = null) => Path.Combine(UserCacheFolder.Of(variable), "jit-profiles");

    /// <summary>Starts recording (and, when there is one, playing) the profile of the command line's verb.</summary>
    /// <returns>The profile file, or null when there is none for this command line or its folder cannot be made.</returns>
    public static string? Start(string[] args)
    {
        if (ProfileName(args) is not { } name)
        {
            return null;
        }
        string folder;
        try
        {
            folder = Directory.CreateDirectory(Folder()).FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(name);
        return Path.Combine(folder, name);
    }

    /// <summary>
    /// <c>VERB.profile</c> for a command line starting with a verb (lower-case letters only), else null: options alone
    /// (<c>--version</c>, <c>--help</c>) start too little to gain, and no other text becomes a file name.
    /// </summary>
    public static string? ProfileName(string[] args) =>
        args is [var verb, ..] && verb.Length is > 0 and <= 32 && verb.All(char.IsAsciiLetterLower) ? verb + ".profile" : null;
}
