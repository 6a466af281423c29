using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Serving;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Cli.Serve;

/// <summary>What <c>planner serve</c> runs: decoder preset, loopback port (0 = any free one), batch limit, threads, seed, device.</summary>
public sealed record DecoderServerOptions(string Preset, int Port, int MaxBatch, int Threads, int Seed, DeviceRequest Device)
{
    /// <summary>Requests waiting or running at once; more are refused with 429, as a busy API would.</summary>
    public const int MaxInFlight = 1024;

    /// <summary>An unfinished request ends with an error after this long.</summary>
    public const double RequestTimeoutSeconds = 300;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var model = new GptDecoderModel();
        if (!model.Presets.Contains(Preset))
        {
            problems.Add($"--preset: '{Preset}' is not a preset of {model.Name}; allowed: {string.Join(", ", model.Presets)}.");
        }
        if (Port < 0 || Port > 65535)
        {
            problems.Add($"--port: must be between 0 and 65535, got {Port}.");
        }
        if (MaxBatch < 1 || MaxBatch > ServingLoop.MaxBatchLimit)
        {
            problems.Add($"--max-batch: must be between 1 and {ServingLoop.MaxBatchLimit}, got {MaxBatch}.");
        }
        if (Threads < 0 || Threads > 1024)
        {
            problems.Add($"--threads: must be between 0 and 1024, got {Threads}.");
        }
        return problems;
    }
}

/// <summary>
/// An OpenAI-compatible server on loopback over the reference decoder (docs/benchmarking.md, "planner serve"):
/// <c>POST /v1/chat/completions</c> and <c>/v1/completions</c>, streamed (server-sent events, usage in the last chunk
/// when <c>stream_options.include_usage</c> is set) or not, and <c>GET /v1/models</c>. Requests share one continuously
/// batched generation loop. Prompts are tokenized one token per UTF-8 byte; the decoder's weights are random, so
/// the answer is its token ids as text (" 17 204 ..."), which is all a load test needs.
/// </summary>
public sealed class DecoderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<int, Channel<long>> _streams = new();
    private readonly ConcurrentDictionary<int, long[]> _prompts = new();
    private readonly LiveRequests _requests;
    private readonly DecoderServingBackend _backend;
    private readonly Microsoft.ML.OnnxRuntime.SessionOptions _sessionOptions;
    private readonly Task _loop;
    private readonly DecoderServerOptions _options;
    private readonly long _maxPositions;

    private DecoderServer(DecoderServerOptions options, WebApplication app)
    {
        _options = options;
        _app = app;
        _maxPositions = GptDecoderModel.MaxPositions(options.Preset);
        var provider = ExecutionProviders.Resolve(options.Device);
        Provider = provider;
        var clock = new TimeProviderServingClock(TimeProvider.System);
        _requests = new LiveRequests(clock, (request, error) =>
        {
            _prompts.TryRemove(request.Id, out _);
            if (_streams.TryRemove(request.Id, out var stream))
            {
                stream.Writer.TryComplete(error is null ? null : new IOException(error));
            }
        });
        _sessionOptions = ExecutionProviders.CreateOptions(provider.Provider, new ThreadSettings(options.Threads, 1));
        _backend = new DecoderServingBackend(options.Preset, options.Seed, _sessionOptions, r => _prompts[r.Id], (id, token) =>
        {
            if (_streams.TryGetValue(id, out var stream))
            {
                stream.Writer.TryWrite(token);
            }
        });
        _loop = Task.Factory.StartNew(
            () => ServingLoop.Run(_requests, options.MaxBatch, DecoderServerOptions.RequestTimeoutSeconds, _backend, clock, null, _shutdown.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The provider the decoder runs on, and why another was not used.</summary>
    public ProviderChoice Provider { get; }

    /// <summary>e.g. <c>http://127.0.0.1:8000/</c>.</summary>
    public Uri BaseAddress => new(_app.Urls.First().TrimEnd('/') + "/");

    public string ModelName => $"gpt-decoder-{_options.Preset}";

    /// <exception cref="InputException">An option is out of range, or CUDA was asked for and is unavailable.</exception>
    public static async Task<DecoderServer> StartAsync(DecoderServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        InputException.ThrowIfAny(problems);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 1 << 20;
        });
        var app = builder.Build();
        var server = new DecoderServer(options, app);
        app.MapGet("/v1/models", () => Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject { ["id"] = server.ModelName, ["object"] = "model", ["owned_by"] = "planner" }),
        }));
        app.MapPost("/v1/chat/completions", context => server.CompleteAsync(context, chat: true));
        app.MapPost("/v1/completions", context => server.CompleteAsync(context, chat: false));
        await app.StartAsync(cancellationToken);
        return server;
    }

    private async Task CompleteAsync(HttpContext context, bool chat)
    {
        var ct = context.RequestAborted;
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, 400, $"the body is not valid JSON: {ex.Message}", null);
            return;
        }
        string? prompt;
        int maxTokens;
        bool stream;
        bool includeUsage;
        try
        {
            prompt = chat
                ? string.Concat((body?["messages"] as JsonArray ?? []).Select(m => m?["content"]?.GetValue<string>() ?? ""))
                : body?["prompt"]?.GetValue<string>();
            maxTokens = (body?["max_completion_tokens"] ?? body?["max_tokens"])?.GetValue<int>() ?? 16;
            stream = body?["stream"]?.GetValue<bool>() ?? false;
            includeUsage = body?["stream_options"]?["include_usage"]?.GetValue<bool>() ?? false;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            await ErrorAsync(context, 400, "messages[].content and prompt must be strings, max_tokens a whole number, stream and stream_options.include_usage true or false.", null);
            return;
        }
        if (string.IsNullOrEmpty(prompt))
        {
            await ErrorAsync(context, 400, chat ? "messages: give at least one message with non-empty content." : "prompt: must be a non-empty string.", chat ? "messages" : "prompt");
            return;
        }
        var tokens = Encoding.UTF8.GetBytes(prompt).Select(b => (long)b).ToArray();
        var room = _maxPositions - tokens.Length;
        if (maxTokens < 1 || maxTokens > room)
        {
            await ErrorAsync(context, 400, string.Create(CultureInfo.InvariantCulture,
                $"max_tokens: must be between 1 and {room} for this prompt ({tokens.Length} tokens; the {_options.Preset} decoder has {_maxPositions} positions), got {maxTokens}."), "max_tokens");
            return;
        }
        if (_streams.Count >= DecoderServerOptions.MaxInFlight)
        {
            await ErrorAsync(context, 429, $"the server has {DecoderServerOptions.MaxInFlight} requests in flight; retry later.", null);
            return;
        }
        var channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var request = SubmitWith(tokens, maxTokens, channel);
        var id = $"{(chat ? "chatcmpl" : "cmpl")}-{request.Id}";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var generated = 0;
        var text = new StringBuilder();
        try
        {
            if (stream)
            {
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                await foreach (var token in channel.Reader.ReadAllAsync(ct))
                {
                    generated++;
                    var piece = " " + token.ToString(CultureInfo.InvariantCulture);
                    await EventAsync(context, Chunk(chat, id, created, piece, generated == 1, generated == maxTokens ? "length" : null), ct);
                }
                if (includeUsage)
                {
                    var usage = Chunk(chat, id, created, null, false, null);
                    usage["choices"] = new JsonArray();
                    usage["usage"] = Usage(tokens.Length, generated);
                    await EventAsync(context, usage, ct);
                }
                await context.Response.WriteAsync("data: [DONE]\n\n", ct);
                return;
            }
            await foreach (var token in channel.Reader.ReadAllAsync(ct))
            {
                generated++;
                text.Append(' ').Append(token.ToString(CultureInfo.InvariantCulture));
            }
            var choice = chat
                ? new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text.ToString() }, ["finish_reason"] = "length" }
                : new JsonObject { ["index"] = 0, ["text"] = text.ToString(), ["finish_reason"] = "length" };
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id,
                ["object"] = chat ? "chat.completion" : "text_completion",
                ["created"] = created,
                ["model"] = ModelName,
                ["choices"] = new JsonArray(choice),
                ["usage"] = Usage(tokens.Length, generated),
            }, ct);
        }
        catch (IOException ex) when (!context.Response.HasStarted)
        {
            await ErrorAsync(context, 503, $"generation failed: {ex.Message}", null);
        }
    }

    private ServingRequest SubmitWith(long[] prompt, int maxTokens, Channel<long> channel) =>
        _requests.Submit(prompt.Length, maxTokens, request =>
        {
            _prompts[request.Id] = prompt;
            _streams[request.Id] = channel;
        });

    private JsonObject Chunk(bool chat, string id, long created, string? piece, bool first, string? finish)
    {
        JsonObject choice = chat
            ? new() { ["index"] = 0, ["delta"] = piece is null ? new JsonObject() : first ? new JsonObject { ["role"] = "assistant", ["content"] = piece } : new JsonObject { ["content"] = piece }, ["finish_reason"] = finish }
            : new() { ["index"] = 0, ["text"] = piece ?? "", ["finish_reason"] = finish };
        return new JsonObject
        {
            ["id"] = id,
            ["object"] = chat ? "chat.completion.chunk" : "text_completion",
            ["created"] = created,
            ["model"] = ModelName,
            ["choices"] = new JsonArray(choice),
        };
    }

    private static JsonObject Usage(int prompt, int completion) =>
        new() { ["prompt_tokens"] = prompt, ["completion_tokens"] = completion, ["total_tokens"] = prompt + completion };

    private static async Task EventAsync(HttpContext context, JsonObject data, CancellationToken ct)
    {
        await context.Response.WriteAsync("data: " + data.ToJsonString() + "\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message, string? param)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = status == 429 ? "rate_limit_exceeded" : "invalid_request_error", ["param"] = param, ["code"] = null },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _shutdown.CancelAsync();
        await _loop;
        foreach (var stream in _streams.Values)
        {
            stream.Writer.TryComplete(new IOException("the server stopped"));
        }
        await _app.DisposeAsync();
        _backend.Dispose();
        _sessionOptions.Dispose();
        _requests.Dispose();
        _shutdown.Dispose();
    }
}
