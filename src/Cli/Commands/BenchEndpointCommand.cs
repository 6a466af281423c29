using System.CommandLine;
using Planner.Benchmarks.Serving;
using Planner.CostModel;

namespace Planner.Cli.Commands;

/// <summary><c>planner bench endpoint</c>: load-tests an OpenAI-compatible API (the one you would buy, or your own vLLM/TGI/SGLang) with streaming requests.</summary>
internal static class BenchEndpointCommand
{
    public static Command Create()
    {
        var load = new ServingLoadOptions();
        var urlOption = new Option<string>("--url") { Description = "Base URL of the API, e.g. http://127.0.0.1:8000/v1 (/chat/completions or /completions is appended).", Required = true };
        var modelOption = new Option<string>("--model") { Description = "Model name the API is asked for.", Required = true };
        var apiOption = new Option<string>("--api") { Description = "chat (/v1/chat/completions) or completions (/v1/completions).", DefaultValueFactory = _ => EndpointSettings.Chat };
        var keyOption = new Option<string?>("--api-key-env") { Description = "Name of the environment variable holding the API key (sent as a Bearer token; never written anywhere)." };
        var outOption = ResultsFolderOption.Create();
        var endpoint = new Command("endpoint", "Load-test an OpenAI-compatible streaming endpoint: TTFT, inter-token latency, end-to-end, output tokens/s, errors by kind, goodput. Ctrl+C keeps what ended.");
        endpoint.Options.Add(urlOption);
        endpoint.Options.Add(modelOption);
        endpoint.Options.Add(apiOption);
        endpoint.Options.Add(keyOption);
        load.AddTo(endpoint);
        endpoint.Options.Add(outOption);
        endpoint.SetAction(async (parse, cancellationToken) =>
        {
            var (loads, targets) = load.Parse(parse);
            var url = parse.GetValue(urlOption)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
            {
                throw new InputException($"--url: must be an absolute http or https URL such as http://127.0.0.1:8000/v1, got '{url}'.");
            }
            var settings = new EndpointSettings(baseUrl, parse.GetValue(modelOption)!, parse.GetValue(apiOption)!, parse.GetValue(keyOption), loads, targets);
            var problems = settings.Problems(ServingLoadOptions.Flag);
            InputException.ThrowIfAny(problems);
            var run = await new EndpointLoadTester().RunAsync(settings, BenchServeCommand.LineProgress(), cancellationToken);
            return BenchServeCommand.Finish(run, parse.GetValue(outOption)!);
        });
        return endpoint;
    }
}
