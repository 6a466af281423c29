using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Serving;

/// <summary>
/// What <c>planner bench endpoint</c> loads: an OpenAI-compatible API at <see cref="BaseUrl"/> (e.g.
/// <c>http://127.0.0.1:8000/v1</c>; <c>/chat/completions</c> or <c>/completions</c> is appended per <see cref="Api"/>),
/// the model name to ask for, and the environment variable holding the API key (the key itself is never kept).
/// </summary>
public sealed record EndpointSettings(Uri BaseUrl, string Model, string Api, string? ApiKeyVariable, IReadOnlyList<ServingLoad> Loads, ServingTargets? Targets)
{
    public const string Chat = "chat";
    public const string Completions = "completions";

    /// <summary>The URL requests go to.</summary>
    public Uri RequestUrl => new(BaseUrl.AbsoluteUri.TrimEnd('/') + (Api == Chat ? "/chat/completions" : "/completions"));

    /// <summary>The URL as results show it: without user name, password, query or fragment.</summary>
    public string DisplayUrl => new UriBuilder(RequestUrl) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.AbsoluteUri;

    public IReadOnlyList<string> Problems(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var problems = new List<string>();
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            problems.Add($"{name("url")}: must be an absolute http or https URL such as http://127.0.0.1:8000/v1, got '{BaseUrl}'.");
        }
        if (string.IsNullOrWhiteSpace(Model) || Model.Length > 256)
        {
            problems.Add($"{name("model")}: must be a model name of 1 to 256 characters.");
        }
        if (Api is not (Chat or Completions))
        {
            problems.Add($"{name("api")}: must be one of {Chat}, {Completions}, got '{Api}'.");
        }
        if (ApiKeyVariable is { } variable && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable(variable)))
        {
            problems.Add($"{name("apiKeyEnv")}: the environment variable {variable} is not set or empty.");
        }
        if (Loads.Count < 1 || Loads.Count > ServingBenchmarkSettings.MaxLoads)
        {
            problems.Add($"{name("rate")}: give between 1 and {ServingBenchmarkSettings.MaxLoads} load points, got {Loads.Count}.");
        }
        problems.AddRange(Loads.SelectMany(l => l.Problems(name)).Distinct());
        if (Targets is not null)
        {
            problems.AddRange(Targets.Problems(name));
        }
        return problems;
    }
}

/// <summary>
/// Load-tests an OpenAI-compatible endpoint with streaming requests (docs/benchmarking.md, "Endpoint load tests"):
/// one untimed warm-up request per load point, then Poisson arrivals (open loop) or fixed concurrency (closed loop), each request timed from sending to each streamed
/// chunk with content and to <c>data: [DONE]</c>. Output tokens come from the usage the server reports in the last
/// chunk (<c>stream_options.include_usage</c>), else the content chunks are counted. Anything but a complete stream
/// is an error of its kind (<c>http 429</c>, <c>http 500</c>, <c>timeout</c>, <c>stream closed</c>, <c>connection</c>,
/// <c>bad chunk</c>, <c>stream error</c>, <c>empty response</c>), never a fast response.
/// </summary>
public sealed class EndpointLoadTester(TimeProvider? clock = null)
{
    private static readonly string[] Words =
        ["the", "plan", "cost", "model", "token", "server", "price", "time", "data", "team", "answer", "question", "value", "year", "rate", "test"];

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <exception cref="InputException">A setting is out of range or the API key variable is not set.</exception>
    public async Task<BenchmarkRun> RunAsync(EndpointSettings settings, IProgress<ServingBenchmarkProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Problems(f => f);
        InputException.ThrowIfAny(problems);
        var key = settings.ApiKeyVariable is { } variable ? System.Environment.GetEnvironmentVariable(variable) : null;
        var startedAt = _clock.GetUtcNow();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = ServingLoad.MaxConcurrency * 4, AutomaticDecompression = DecompressionMethods.All };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var results = new List<ServingResult>();
        var partial = false;
        for (var i = 0; i < settings.Loads.Count && !partial; i++)
        {
            var load = settings.Loads[i];
            var index = i;
            var trace = await RunLoadAsync(http, settings, key, load,
                p => progress?.Report(new ServingBenchmarkProgress(index, settings.Loads.Count, load.Describe(), p)), cancellationToken);
            partial = trace.Cancelled;
            var metrics = ServingSummary.Summarize(trace.Requests, trace.WallSeconds, settings.Targets);
            results.Add(new ServingResult(ServingResult.EndpointSource, settings.Model, null, settings.DisplayUrl, ServingResult.EndpointSource, load,
                null, settings.Targets, metrics, null, null, trace.Cancelled,
                trace.Cancelled ? $"cancelled after {trace.WallSeconds:0.##} s; {metrics.Incomplete} requests in flight were dropped" : null));
        }
        var maxSeconds = settings.Loads.Max(l => l.DurationSeconds + l.RequestTimeoutSeconds);
        var runSettings = new RunSettings(ServingResult.EndpointSource, ServingResult.EndpointSource,
            "measured over HTTP: the fingerprint is the client machine's, the server's hardware is not known",
            0, 0, 0, 1, 0, maxSeconds, settings.Loads.Max(l => l.MaxRequests), 100, settings.Loads[0].Seed);
        return new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, BenchmarkRun.NewRunId(startedAt), startedAt, _clock.GetUtcNow(), "endpoint", partial,
            runSettings, Running.ExecutionProviders.Fingerprint(), new Calibration(null, null, null, "not measured: an endpoint load test"), [], [])
        {
            Serving = results,
        };
    }

    private async Task<ServingTrace> RunLoadAsync(HttpClient http, EndpointSettings settings, string? key, ServingLoad load, Action<ServingProgress> report, CancellationToken cancellationToken)
    {
        var prompt = Prompt(load.InputTokens);
        // One untimed request first: connection set-up and the first request's start-up costs on both sides are not
        // what the load measures. Its outcome is not recorded; a broken endpoint shows in the measured requests.
        var warmUpStart = _clock.GetTimestamp();
        await SendOneAsync(http, settings, key, prompt, load, new RequestTrace(-1, 0, load.InputTokens, load.OutputTokens),
            () => _clock.GetElapsedTime(warmUpStart).TotalSeconds, cancellationToken);
        var start = _clock.GetTimestamp();
        double Now() => _clock.GetElapsedTime(start).TotalSeconds;
        var traces = new List<RequestTrace>();
        var tasks = new List<Task>();
        var ended = 0;
        var failed = 0;

        async Task SendAsync()
        {
            RequestTrace trace;
            lock (traces)
            {
                trace = new RequestTrace(traces.Count, Now(), load.InputTokens, load.OutputTokens);
                traces.Add(trace);
            }
            await SendOneAsync(http, settings, key, prompt, load, trace, Now, cancellationToken);
            if (trace.EndSeconds is not null)
            {
                Interlocked.Increment(ref ended);
                if (trace.Error is not null)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            lock (traces)
            {
                report(new ServingProgress(traces.Count, ended, failed, Now()));
            }
        }

        try
        {
            if (load.RatePerSecond is not null)
            {
                foreach (var arrival in load.PoissonArrivals())
                {
                    var wait = arrival - Now();
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait), _clock, cancellationToken);
                    }
                    tasks.Add(SendAsync());
                }
            }
            else
            {
                var issued = 0;
                async Task ClientAsync()
                {
                    while (Now() < load.DurationSeconds && Interlocked.Increment(ref issued) <= load.MaxRequests && !cancellationToken.IsCancellationRequested)
                    {
                        await SendAsync();
                    }
                }
                tasks.AddRange(Enumerable.Range(0, load.Concurrency!.Value).Select(_ => Task.Run(ClientAsync, CancellationToken.None)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stop sending; the requests in flight end below as cancelled.
        }
        await Task.WhenAll(tasks);
        return new ServingTrace(traces, [], [], Now(), cancellationToken.IsCancellationRequested);
    }

    /// <summary>Sends one streaming request and records its chunks' times on <paramref name="trace"/>, or the error that ended it.</summary>
    private static async Task SendOneAsync(HttpClient http, EndpointSettings settings, string? key, string prompt, ServingLoad load, RequestTrace trace, Func<double> now, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(load.RequestTimeoutSeconds));
        var chat = settings.Api == EndpointSettings.Chat;
        var body = new JsonObject
        {
            ["model"] = settings.Model,
            ["max_tokens"] = load.OutputTokens,
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["temperature"] = 0,
        };
        if (chat)
        {
            body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt });
        }
        else
        {
            body["prompt"] = prompt;
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.RequestUrl)
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            if (key is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                End(trace, now(), response.StatusCode == HttpStatusCode.TooManyRequests ? "http 429 (rate limited)" : $"http {(int)response.StatusCode}");
                return;
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            var chunks = 0;
            int? usageTokens = null;
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }
                var data = line[5..].Trim();
                if (data == "[DONE]")
                {
                    if (chunks == 0)
                    {
                        End(trace, now(), "empty response");
                        return;
                    }
                    trace.OutputTokens = usageTokens ?? chunks;
                    trace.EndSeconds = now();
                    return;
                }
                var chunk = JsonNode.Parse(data);
                if (chunk?["error"] is not null)
                {
                    End(trace, now(), "stream error");
                    return;
                }
                var choice = (chunk?["choices"] as JsonArray)?.FirstOrDefault();
                var content = chat ? choice?["delta"]?["content"]?.GetValue<string>() : choice?["text"]?.GetValue<string>();
                if (!string.IsNullOrEmpty(content))
                {
                    trace.TokenSeconds.Add(now());
                    chunks++;
                }
                if (chunk?["usage"]?["completion_tokens"] is JsonValue completion && completion.TryGetValue<int>(out var tokens))
                {
                    usageTokens = tokens;
                }
            }
            End(trace, now(), "stream closed");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the user: the request stays in flight (not ended), so it counts as incomplete.
        }
        catch (OperationCanceledException)
        {
            End(trace, now(), "timeout");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            End(trace, now(), "stream closed");
        }
        catch (HttpRequestException)
        {
            End(trace, now(), "connection");
        }
        catch (IOException)
        {
            End(trace, now(), "stream closed");
        }
        catch (JsonException)
        {
            End(trace, now(), "bad chunk");
        }
    }

    private static void End(RequestTrace trace, double now, string error)
    {
        trace.Error = error;
        trace.EndSeconds = now;
    }

    /// <summary>A prompt of about <paramref name="tokens"/> tokens: common English words, about one token each in BPE vocabularies.</summary>
    internal static string Prompt(int tokens) =>
        string.Join(' ', Enumerable.Range(0, tokens).Select(i => Words[i % Words.Length]));
}
