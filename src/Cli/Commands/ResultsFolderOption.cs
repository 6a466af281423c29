using System.CommandLine;

namespace Planner.Cli.Commands;

/// <summary>The <c>--out</c> folder of the bench verbs that write a results file (run, serve, endpoint, convert).</summary>
internal static class ResultsFolderOption
{
    public static Option<DirectoryInfo> Create() =>
        new("--out") { Description = "Folder for <runId>.json.", DefaultValueFactory = _ => new DirectoryInfo("benchmark-results") };
}
