using Planner.CostModel.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Serving;

/// <summary>
/// Reads the results files of other serving benchmarks as Planner runs with <c>serving[]</c>
/// (docs/benchmark-results.md, "Imports"): GuideLLM's <c>benchmarks.json</c> (a <c>benchmarks</c> array of
/// generative benchmarks whose <c>metrics</c> hold status-grouped distributions such as
/// <c>time_to_first_token_ms.successful</c>) and NVIDIA AIPerf's <c>profile_export_aiperf.json</c> or GenAI-Perf's
/// <c>profile_export_genai_perf.json</c> (one object of metrics such as <c>time_to_first_token</c> with
/// <c>avg</c>, <c>p50</c> … <c>p99</c>, <c>max</c>). Only aggregates are in those files, so goodput (per request)
/// is not recomputed; the tools' own figures are taken as they are.
/// </summary>
public static class ServingImports
{
    private static readonly PhraseTemplate UnknownFormatTemplate = new("servingImport.unknownFormat", "{0}: not a GuideLLM benchmarks.json (no $.benchmarks array) nor an AIPerf / GenAI-Perf profile export (no $.time_to_first_token object).");

    /// <summary>Recognises the file's format and converts it.</summary>
    /// <exception cref="InputException">Not JSON, not a known format, or a required field is missing (each named by its JSON path).</exception>
    public static BenchmarkRun Convert(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputProblem.General(BenchmarkResultsJson.NotJson.With(source, ex.Message)));
        }
        if (root is JsonObject { } guideLlm && guideLlm["benchmarks"] is JsonArray)
        {
            return FromGuideLlm(guideLlm, source);
        }
        if (root is JsonObject { } aiPerf && aiPerf["time_to_first_token"] is JsonObject)
        {
            return FromAiPerf(aiPerf, source);
        }
        throw new InputException(InputProblem.General(UnknownFormatTemplate.With(source)));
    }

    private static BenchmarkRun FromGuideLlm(JsonObject root, string source)
    {
        var problems = new List<string>();
        var results = new List<ServingResult>();
        var benchmarks = (JsonArray)root["benchmarks"]!;
        for (var i = 0; i < benchmarks.Count; i++)
        {
            var path = $"$.benchmarks[{i}]";
            var benchmark = benchmarks[i] as JsonObject;
            var metrics = benchmark?["metrics"] as JsonObject;
            if (metrics is null)
            {
                problems.Add($"{source}: {path}.metrics: required object is missing.");
                continue;
            }
            var totals = (benchmark!["request_totals"] ?? metrics["request_totals"]) as JsonObject;
            var successful = Count(totals?["successful"]) ?? Count(metrics["request_latency"]?["successful"]?["count"]) ?? 0;
            var errored = Count(totals?["errored"]) ?? Count(metrics["request_latency"]?["errored"]?["count"]) ?? 0;
            var incomplete = Count(totals?["incomplete"]) ?? Count(metrics["request_latency"]?["incomplete"]?["count"]) ?? 0;
            var duration = Number(benchmark["duration"]) ?? (Number(benchmark["end_time"]) - Number(benchmark["start_time"])) ?? 0;
            var ttft = GuideLlmDistribution(metrics, "time_to_first_token_ms", 1, path, source, problems);
            var itl = GuideLlmDistribution(metrics, "inter_token_latency_ms", 1, path, source, problems);
            var e2e = GuideLlmDistribution(metrics, "request_latency", 1000, path, source, problems);
            var outputTokens = (long)Math.Round(Number(metrics["output_token_count"]?["successful"]?["total_sum"]) ?? 0);
            var outputRate = duration > 0 && outputTokens > 0 ? outputTokens / duration : Number(metrics["output_tokens_per_second"]?["successful"]?["mean"]) ?? 0;
            var strategy = (benchmark["args"]?["strategy"] ?? benchmark["config"]?["strategy"] ?? benchmark["scheduler"]?["strategy"]) as JsonObject;
            var kind = Text(strategy?["type_"]) ?? "unknown";
            double? rate = kind is "poisson" or "constant" ? Number(strategy?["rate"]) : null;
            int? concurrency = kind switch
            {
                "synchronous" => 1,
                "concurrent" => Count(strategy?["streams"]),
                _ => null,
            };
            var load = new ServingLoad(rate, concurrency, duration,
                (int)Math.Round(Number(metrics["prompt_token_count"]?["successful"]?["mean"]) ?? 0),
                (int)Math.Round(Number(metrics["output_token_count"]?["successful"]?["mean"]) ?? 0),
                successful + errored + incomplete, 0, 0);
            var servingMetrics = new ServingMetrics(successful + errored + incomplete, successful, errored, incomplete,
                errored > 0 ? new Dictionary<string, int> { ["errored"] = errored } : new Dictionary<string, int>(),
                duration, ttft, itl, e2e, outputTokens, outputRate,
                Number(metrics["requests_per_second"]?["successful"]?["mean"]) ?? (duration > 0 ? successful / duration : 0),
                null, null, null);
            var model = Text(benchmark["args"]?["model"]) ?? Text(root["args"]?["model"]) ?? Text(benchmark["config"]?["model"]) ?? "unknown";
            var target = Text(benchmark["args"]?["target"]) ?? Text(root["args"]?["target"]);
            results.Add(new ServingResult(ServingResult.GuideLlmSource, model, null, target, ServingResult.EndpointSource, load, null, null,
                servingMetrics, null, null, false, $"imported from GuideLLM ({source}), strategy {kind}"));
        }
        InputException.ThrowIfAny(problems);
        return Run(results, "guidellm", source);
    }

    private static BenchmarkRun FromAiPerf(JsonObject root, string source)
    {
        var problems = new List<string>();
        var requests = Count(root["request_count"]?["avg"]) ?? 0;
        var errors = new Dictionary<string, int>();
        foreach (var entry in root["error_summary"] as JsonArray ?? [])
        {
            var details = entry?["error_details"];
            var kind = Count(details?["code"]) is { } code ? $"http {code}" : Text(details?["type"]) ?? "error";
            errors[kind] = errors.GetValueOrDefault(kind) + (Count(entry?["count"]) ?? 0);
        }
        var failed = errors.Values.Sum();
        var duration = Number(root["benchmark_duration"]?["avg"]) ?? 0;
        var ttft = AiPerfDistribution(root, "time_to_first_token", requests, source, problems);
        var itl = AiPerfDistribution(root, "inter_token_latency", requests, source, problems);
        var e2e = AiPerfDistribution(root, "request_latency", requests, source, problems);
        InputException.ThrowIfAny(problems);
        var outputRate = Number(root["output_token_throughput"]?["avg"]) ?? 0;
        var loadgen = root["input_config"]?["loadgen"];
        var rate = Number(loadgen?["request_rate"]);
        var load = new ServingLoad(rate, rate is null ? Count(loadgen?["concurrency"]) : null, duration,
            (int)Math.Round(Number(root["input_sequence_length"]?["avg"]) ?? 0),
            (int)Math.Round(Number(root["output_sequence_length"]?["avg"]) ?? 0),
            requests + failed, 0, Count(root["input_config"]?["input"]?["random_seed"]) ?? 0);
        var metrics = new ServingMetrics(requests + failed, requests, failed, 0, errors, duration, ttft, itl, e2e,
            (long)Math.Round(Number(root["total_osl"]?["avg"]) ?? outputRate * duration), outputRate,
            Number(root["request_throughput"]?["avg"]) ?? 0, null, null, null);
        var endpoint = root["input_config"]?["endpoint"];
        var model = (endpoint?["model_names"] as JsonArray)?.FirstOrDefault() is { } first ? Text(first) : null;
        var tool = root["was_cancelled"] is null ? "GenAI-Perf" : "AIPerf";
        return Run([new ServingResult(ServingResult.AiPerfSource, model ?? "unknown", null, Text(endpoint?["url"]), ServingResult.EndpointSource, load, null, null,
            metrics, null, null, root["was_cancelled"]?.GetValue<bool>() ?? false, $"imported from {tool} ({source})")], "aiperf", source);
    }

    private static LatencyDistribution GuideLlmDistribution(JsonObject metrics, string name, double toMs, string path, string source, List<string> problems)
    {
        var at = $"{path}.metrics.{name}.successful";
        if (metrics[name]?["successful"] is not JsonObject d)
        {
            problems.Add($"{source}: {at}: required object is missing.");
            return LatencyDistribution.Empty;
        }
        var percentiles = d["percentiles"];
        double Ms(JsonNode? node) => (Number(node) ?? 0) * toMs;
        return new LatencyDistribution(Count(d["count"]) ?? 0, Ms(d["mean"]), Ms(percentiles?["p50"] ?? d["median"]), Ms(percentiles?["p90"]),
            Ms(percentiles?["p95"]), Ms(percentiles?["p99"]), Ms(d["max"]));
    }

    private static LatencyDistribution AiPerfDistribution(JsonObject root, string name, int count, string source, List<string> problems)
    {
        if (root[name] is not JsonObject d)
        {
            problems.Add($"{source}: $.{name}: required object is missing.");
            return LatencyDistribution.Empty;
        }
        if (Text(d["unit"]) is { } unit && unit != "ms")
        {
            problems.Add($"{source}: $.{name}.unit: must be ms, got {unit}.");
        }
        return new LatencyDistribution(count, Number(d["avg"]) ?? 0, Number(d["p50"]) ?? 0, Number(d["p90"]) ?? 0,
            Number(d["p95"]) ?? 0, Number(d["p99"]) ?? 0, Number(d["max"]) ?? 0);
    }

    /// <summary>An imported run: the measuring machine is not in those files, so the fingerprint says so rather than describing this one.</summary>
    private static BenchmarkRun Run(List<ServingResult> results, string profile, string source)
    {
        var now = DateTimeOffset.UtcNow;
        var fingerprint = new Fingerprint("imported", $"not recorded ({profile} import)", 0, 0, "not recorded", "not recorded", "not recorded", [], null,
            $"not recorded: imported from {Path.GetFileName(source)}");
        var settings = new RunSettings(ServingResult.EndpointSource, ServingResult.EndpointSource, $"imported from {Path.GetFileName(source)}",
            0, 0, 0, 1, 0, results.Count == 0 ? 0 : results.Max(r => r.Load.DurationSeconds), results.Sum(r => r.Metrics.Issued), 100, 0);
        return new BenchmarkRun(BenchmarkRun.CurrentSchemaVersion, BenchmarkRun.NewRunId(now), now, now, profile, results.Any(r => r.Partial), settings,
            fingerprint, new Calibration(null, null, null, $"not measured: imported from {profile}"), [], [])
        {
            Serving = results,
        };
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) ? number : null;

    private static int? Count(JsonNode? node) => Number(node) is { } n ? (int)Math.Clamp(Math.Round(n), int.MinValue, int.MaxValue) : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
