using System.CommandLine;
using Planner.Benchmarks.Running;
using Planner.Cli.Serve;

namespace Planner.Cli.Commands;

/// <summary><c>planner serve</c>: an OpenAI-compatible streaming server on loopback over the reference decoder, a target for <c>bench endpoint</c>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var presetOption = new Option<string>("--preset") { Description = "gpt-decoder preset: tiny or small.", DefaultValueFactory = _ => "tiny" };
        var portOption = new Option<int>("--port") { Description = "Loopback port (0: any free one).", DefaultValueFactory = _ => 8000 };
        var maxBatchOption = new Option<int>("--max-batch") { Description = "Most requests decoded together (continuous batching).", DefaultValueFactory = _ => 8 };
        var threadsOption = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per physical core).", DefaultValueFactory = _ => 0 };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the decoder's weights.", DefaultValueFactory = _ => 42 };
        var deviceOption = new Option<string>("--device") { Description = "auto (CUDA, else CPU), cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var serve = new Command("serve", "Serve the reference GPT decoder as an OpenAI-compatible API on 127.0.0.1 (/v1/chat/completions, /v1/completions, streaming); Ctrl+C stops.");
        foreach (var option in new Option[] { presetOption, portOption, maxBatchOption, threadsOption, seedOption, deviceOption })
        {
            serve.Options.Add(option);
        }
        serve.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DecoderServerOptions(parse.GetValue(presetOption)!, parse.GetValue(portOption), parse.GetValue(maxBatchOption),
                parse.GetValue(threadsOption), parse.GetValue(seedOption), DeviceRequestNames.Parse(parse.GetValue(deviceOption), "--device"));
            await using var server = await DecoderServer.StartAsync(options, cancellationToken);
            Console.WriteLine($"serving {server.ModelName} at {server.BaseAddress}v1 on {server.Provider.Provider}{(server.Provider.Note is null ? "" : " (" + server.Provider.Note + ")")}; Ctrl+C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C is how a server is stopped: a normal end, not a cancelled piece of work.
            }
            return ExitCodes.Ok;
        });
        return serve;
    }
}
