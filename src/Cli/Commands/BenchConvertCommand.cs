using System.CommandLine;
using Planner.Benchmarks.Serving;
using Planner.CostModel;

namespace Planner.Cli.Commands;

/// <summary><c>planner bench convert FILE</c>: a GuideLLM or AIPerf / GenAI-Perf results file as a Planner results file (serving[]), for <c>bench import</c> and <c>bench compare</c>.</summary>
internal static class BenchConvertCommand
{
    public static Command Create()
    {
        var fileArgument = new Argument<FileInfo>("file") { Description = "GuideLLM benchmarks.json, or AIPerf profile_export_aiperf.json / GenAI-Perf profile_export_genai_perf.json." };
        var outOption = ResultsFolderOption.Create();
        var convert = new Command("convert", "Convert a GuideLLM or AIPerf / GenAI-Perf results file into a Planner results file (serving[]); the format is recognised.");
        convert.Arguments.Add(fileArgument);
        convert.Options.Add(outOption);
        convert.SetAction(parse =>
        {
            var file = parse.GetValue(fileArgument)!;
            if (!file.Exists)
            {
                throw new InputException($"{file.FullName}: file not found.");
            }
            var run = ServingImports.Convert(File.ReadAllText(file.FullName), file.Name);
            return BenchServeCommand.Finish(run, parse.GetValue(outOption)!);
        });
        return convert;
    }
}
