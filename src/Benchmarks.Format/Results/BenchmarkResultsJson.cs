using Planner.CostModel.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Planner.Benchmarks.Models;
using Planner.CostModel;
using Planner.CostModel.Serving;

namespace Planner.Benchmarks.Results;

/// <summary>
/// Reads, writes and validates results files (schema in docs/benchmark-results.md). Reading
/// validates first: required fields, types and ranges, each problem naming its JSON path, thrown
/// together as an <see cref="InputException"/>.
/// </summary>
public static class BenchmarkResultsJson
{
    private static readonly PhraseTemplate NotFound = new("results.notFound", "{0}: results file not found.");
    private static readonly PhraseTemplate NotUnicode = new("results.notUnicode",
        "{0}: holds text that is not valid Unicode (an unpaired surrogate escape such as \\ud800); nothing was read");
    private static readonly PhraseTemplate NullDocument = new("results.nullDocument", "{0}: the document is null.");
    private static readonly PhraseTemplate WrongType = new("results.wrongType",
        "{0}: {1}: has a value of the wrong type (a whole number where one is needed, a number not a string): {2}");

    /// <summary>"{file}: not valid JSON: {reader's message}", for every JSON file the benchmarks read (results, serving exports).</summary>
    public static readonly PhraseTemplate NotJson = new("file.notJson", "{0}: not valid JSON: {1}");

    /// <summary>camelCase, indented; resolves the results types (<see cref="BenchmarkRun"/>, <see cref="RunComparison"/>) from generated code.</summary>
    public static JsonSerializerOptions SerializerOptions => BenchmarkResultsJsonContext.Default.Options;

    public static string Serialize(BenchmarkRun run) => JsonSerializer.Serialize(run, BenchmarkResultsJsonContext.Default.BenchmarkRun);

    public static void Write(BenchmarkRun run, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        // Written beside the target and moved over it: a reader (or a process killed mid-write) never sees half a file.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, Serialize(run));
        File.Move(temporary, path, overwrite: true);
    }

    public static BenchmarkRun Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException(InputProblem.General(NotFound.With(path)));
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static BenchmarkRun Parse(string json, string source = "results")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputProblem.General(NotJson.With(source, ex.Message)));
        }
        IReadOnlyList<string> problems;
        try
        {
            problems = Validate(root);
        }
        catch (InvalidOperationException)
        {
            // JSON allows an unpaired surrogate escape ("\ud800"); a .NET string cannot hold one.
            throw new InputException(InputProblem.General(NotUnicode.With(source)));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems.Select(p => InputProblem.General($"{source}: {p}")).ToList());
        }
        try
        {
            return root.Deserialize(BenchmarkResultsJsonContext.Default.BenchmarkRun)
                ?? throw new InputException(InputProblem.General(NullDocument.With(source)));
        }
        catch (InvalidOperationException)
        {
            throw new InputException(InputProblem.General(NotUnicode.With(source)));
        }
        catch (JsonException ex)
        {
            // A value of the wrong type the validator does not check (batchSize 1.5, seed "42"): the reader names its path.
            throw new InputException(InputProblem.General(WrongType.With(source, ex.Path ?? "$", FirstLine(ex.Message))));
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Every way the document departs from the schema; empty when it conforms.</summary>
    public static IReadOnlyList<string> Validate(JsonNode? root)
    {
        var v = new Validator();
        if (root is not JsonObject run)
        {
            v.Problems.Add("$: must be a JSON object.");
            return v.Problems;
        }
        v.Number(run, "$", "schemaVersion", BenchmarkRun.FirstSchemaVersion, BenchmarkRun.CurrentSchemaVersion);
        v.Text(run, "$", "runId");
        if (run["runId"] is JsonValue runIdValue && runIdValue.TryGetValue<string>(out var runId) && !BenchmarkRun.IsValidRunId(runId))
        {
            v.Problems.Add($"$.runId: must be 1-{BenchmarkRun.RunIdMaxLength} letters, digits, '.', '-' or '_', starting with a letter or digit, without '..' (no path separators or control characters), got {JsonValue.Create(runId.Length > 60 ? runId[..60] + "…" : runId).ToJsonString()}.");
        }
        v.Date(run, "$", "startedAt");
        v.Date(run, "$", "finishedAt");
        v.Text(run, "$", "profile");
        v.Bool(run, "$", "partial");
        if (v.Object(run, "$", "settings") is { } settings)
        {
            v.OneOf(settings, "$.settings", "device", ["auto", "cpu", "cuda", ServingResult.EndpointSource]);
            v.OneOf(settings, "$.settings", "provider", ["cpu", "cuda", ServingResult.EndpointSource]);
            v.Number(settings, "$.settings", "minIterations", 1, double.MaxValue);
            v.Number(settings, "$.settings", "maxCv", 0, double.MaxValue);
        }
        if (v.Object(run, "$", "fingerprint") is { } fingerprint)
        {
            v.Text(fingerprint, "$.fingerprint", "fingerprintId");
            v.Text(fingerprint, "$.fingerprint", "cpuModel");
            v.Number(fingerprint, "$.fingerprint", "logicalCores", 0, double.MaxValue);
            v.Number(fingerprint, "$.fingerprint", "totalMemoryGb", 0, double.MaxValue);
            v.Text(fingerprint, "$.fingerprint", "os");
            v.Text(fingerprint, "$.fingerprint", "dotNetVersion");
            v.Text(fingerprint, "$.fingerprint", "onnxRuntimeVersion");
            v.Array(fingerprint, "$.fingerprint", "providersAvailable");
            if (fingerprint["gpu"] is null)
            {
                v.Text(fingerprint, "$.fingerprint", "gpuNote", "must explain why gpu is null");
            }
        }
        if (v.Object(run, "$", "calibration") is { } calibration)
        {
            v.OptionalNumber(calibration, "$.calibration", "peakGflops", 0, double.MaxValue);
            v.OptionalNumber(calibration, "$.calibration", "memoryBandwidthGbPerSecond", 0, double.MaxValue);
            if (calibration["memoryBandwidthGbPerSecond"] is null)
            {
                v.Text(calibration, "$.calibration", "bandwidthNote", "must explain why memoryBandwidthGbPerSecond is null");
            }
        }
        if (v.Array(run, "$", "results") is { } results)
        {
            if (results.Count > Limits.ResultsPerRun)
            {
                v.Problems.Add($"$.results: must hold at most {Limits.ResultsPerRun.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} results per run (got {results.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}); split the run.");
                return v.Problems;
            }
            for (var i = 0; i < results.Count; i++)
            {
                ValidateResult(v, results[i], $"$.results[{i}]");
            }
        }
        v.Array(run, "$", "skipped");
        if (run["serving"] is not null && v.Array(run, "$", "serving") is { } serving)
        {
            for (var i = 0; i < serving.Count; i++)
            {
                ValidateServing(v, serving[i], $"$.serving[{i}]");
            }
        }
        return v.Problems;
    }

    private static void ValidateServing(Validator v, JsonNode? node, string path)
    {
        if (node is not JsonObject result)
        {
            v.Problems.Add($"{path}: must be an object.");
            return;
        }
        v.OneOf(result, path, "source", ServingResult.Sources);
        v.Text(result, path, "model");
        v.Text(result, path, "provider");
        v.Bool(result, path, "partial");
        v.OptionalNumber(result, path, "maxBatch", 1, ServingLoop.MaxBatchLimit);
        if (v.Object(result, path, "load") is { } load)
        {
            var at = path + ".load";
            v.OptionalNumber(load, at, "ratePerSecond", 0, ServingLoad.MaxRate);
            v.OptionalNumber(load, at, "concurrency", 1, ServingLoad.MaxConcurrency);
            v.Number(load, at, "durationSeconds", 0, double.MaxValue);
            v.Number(load, at, "inputTokens", 0, double.MaxValue);
            v.Number(load, at, "outputTokens", 0, double.MaxValue);
        }
        if (result["targets"] is JsonObject targets)
        {
            v.Number(targets, path + ".targets", "timeToFirstTokenMs", 0, double.MaxValue);
            v.Number(targets, path + ".targets", "interTokenLatencyMs", 0, double.MaxValue);
        }
        if (v.Object(result, path, "metrics") is { } metrics)
        {
            var at = path + ".metrics";
            foreach (var field in new[] { "issued", "completed", "failed", "incomplete", "durationSeconds", "outputTokens", "outputTokensPerSecond", "requestsPerSecond" })
            {
                v.Number(metrics, at, field, 0, double.MaxValue);
            }
            v.OptionalNumber(metrics, at, "goodput", 0, 1);
            v.OptionalNumber(metrics, at, "goodputRequestsPerSecond", 0, double.MaxValue);
            v.Object(metrics, at, "errorsByKind");
            foreach (var distribution in new[] { "timeToFirstTokenMs", "interTokenLatencyMs", "endToEndMs" })
            {
                if (v.Object(metrics, at, distribution) is { } latency)
                {
                    foreach (var field in new[] { "count", "mean", "p50", "p90", "p95", "p99", "max" })
                    {
                        v.Number(latency, $"{at}.{distribution}", field, 0, double.MaxValue);
                    }
                }
            }
        }
    }

    private static void ValidateResult(Validator v, JsonNode? node, string path)
    {
        if (node is not JsonObject result)
        {
            v.Problems.Add($"{path}: must be an object.");
            return;
        }
        v.Text(result, path, "model");
        v.Text(result, path, "preset");
        var isGemm = result["task"] is JsonValue task && task.TryGetValue<string>(out var taskName) && taskName == BenchmarkResult.Gemm;
        v.OneOf(result, path, "precision", isGemm ? MatmulShape.Precisions : PrecisionNames.All);
        v.OneOf(result, path, "task", [BenchmarkResult.Inference, BenchmarkResult.Training, BenchmarkResult.Gemm]);
        if (isGemm && v.Object(result, path, "matmul") is { } matmul)
        {
            v.Text(matmul, path + ".matmul", "name");
            foreach (var dimension in new[] { "m", "n", "k", "tensorParallel" })
            {
                v.Number(matmul, path + ".matmul", dimension, 1, double.MaxValue);
            }
        }
        if (result["phase"] is not null)
        {
            v.OneOf(result, path, "phase", [BenchmarkResult.Prefill, BenchmarkResult.Decode]);
        }
        v.Number(result, path, "batchSize", 1, double.MaxValue);
        v.OptionalNumber(result, path, "sequenceLength", 1, double.MaxValue);
        v.OptionalNumber(result, path, "contextLength", 1, double.MaxValue);
        v.OneOf(result, path, "provider", ["cpu", "cuda"]);
        v.Number(result, path, "iterations", 0, double.MaxValue);
        v.Number(result, path, "durationSeconds", 0, double.MaxValue);
        if (v.Object(result, path, "throughput") is { } throughput)
        {
            v.Number(throughput, path + ".throughput", "value", 0, double.MaxValue);
            v.OneOf(throughput, path + ".throughput", "unit", Units.All);
        }
        if (v.Object(result, path, "latencyMs") is { } latency)
        {
            foreach (var field in new[] { "mean", "stdDev", "cv", "p50", "p90", "p95", "p99" })
            {
                v.Number(latency, path + ".latencyMs", field, 0, double.MaxValue);
            }
        }
        if (result["latencySamplesMs"] is not null && v.Array(result, path, "latencySamplesMs") is { } samples)
        {
            if (samples.Count > Limits.LatencySamplesPerResult)
            {
                v.Problems.Add($"{path}.latencySamplesMs: must hold at most {Limits.LatencySamplesPerResult} latencies (got {samples.Count}).");
            }
            else
            {
                for (var i = 0; i < samples.Count; i++)
                {
                    if (samples[i] is not JsonValue sample || !sample.TryGetValue<double>(out var ms) || !double.IsFinite(ms) || ms < 0)
                    {
                        v.Problems.Add($"{path}.latencySamplesMs[{i}]: must be a number of milliseconds >= 0, got {samples[i]?.ToJsonString() ?? "null"}.");
                    }
                }
            }
        }
        v.OptionalNumber(result, path, "achievedGflops", 0, double.MaxValue);
        v.Number(result, path, "peakMemoryMb", 0, double.MaxValue);
        v.OptionalNumber(result, path, "energyJoulesPer1k", 0, double.MaxValue);
        if (result["energyJoulesPer1k"] is null)
        {
            v.Text(result, path, "energyNote", "must give the reason energyJoulesPer1k is null");
        }
        if (v.Bool(result, path, "valid") == false)
        {
            v.Text(result, path, "invalidReason", "must give the reason the result is invalid");
        }
        v.OptionalNumber(result, path, "auc", 0, 1);
        v.OptionalNumber(result, path, "targetAuc", 0, 1);
        v.OptionalNumber(result, path, "timeToTargetSeconds", 0, double.MaxValue);
        v.OptionalNumber(result, path, "parameters", 1, 1e15);
        if (result["modelSetup"] is not null && v.Object(result, path, "modelSetup") is { } setup)
        {
            var at = path + ".modelSetup";
            v.Text(setup, at, "shapeHash");
            v.OneOf(setup, at, "cache", ModelSetup.CacheValues);
            v.Number(setup, at, "buildSeconds", 0, double.MaxValue);
            v.Number(setup, at, "sessionSeconds", 0, double.MaxValue);
        }
    }

    /// <summary>Collects schema problems; each check names the JSON path of the field.</summary>
    private sealed class Validator
    {
        public List<string> Problems { get; } = [];

        public JsonObject? Object(JsonObject parent, string path, string name)
        {
            if (parent[name] is JsonObject child)
            {
                return child;
            }
            Problems.Add($"{path}.{name}: required object is missing or not an object.");
            return null;
        }

        public JsonArray? Array(JsonObject parent, string path, string name)
        {
            if (parent[name] is JsonArray child)
            {
                return child;
            }
            Problems.Add($"{path}.{name}: required array is missing or not an array.");
            return null;
        }

        public void Text(JsonObject parent, string path, string name, string? why = null)
        {
            if (parent[name] is not JsonValue value || !value.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
            {
                Problems.Add($"{path}.{name}: {why ?? "required non-empty string is missing"}.");
            }
        }

        public void OneOf(JsonObject parent, string path, string name, IReadOnlyList<string> allowed)
        {
            if (parent[name] is not JsonValue value || !value.TryGetValue<string>(out var text) || !allowed.Contains(text))
            {
                Problems.Add($"{path}.{name}: must be one of {string.Join(", ", allowed)}, got {parent[name]?.ToJsonString() ?? "nothing"}.");
            }
        }

        public bool? Bool(JsonObject parent, string path, string name)
        {
            if (parent[name] is JsonValue value && value.TryGetValue<bool>(out var flag))
            {
                return flag;
            }
            Problems.Add($"{path}.{name}: required boolean is missing or not true/false.");
            return null;
        }

        public void Date(JsonObject parent, string path, string name)
        {
            if (parent[name] is not JsonValue value || !value.TryGetValue<string>(out var text) || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                Problems.Add($"{path}.{name}: must be an ISO 8601 date-time string.");
            }
        }

        public void Number(JsonObject parent, string path, string name, double min, double max)
        {
            if (parent[name] is null)
            {
                Problems.Add($"{path}.{name}: required number is missing.");
                return;
            }
            OptionalNumber(parent, path, name, min, max);
        }

        public void OptionalNumber(JsonObject parent, string path, string name, double min, double max)
        {
            var node = parent[name];
            if (node is null)
            {
                return;
            }
            if (node is not JsonValue value || !value.TryGetValue<double>(out var number) || !double.IsFinite(number))
            {
                Problems.Add($"{path}.{name}: must be a number, got {node.ToJsonString()}.");
                return;
            }
            if (number < min || number > max)
            {
                Problems.Add(max == double.MaxValue
                    ? $"{path}.{name}: must be at least {min}, got {number}."
                    : $"{path}.{name}: must be between {min} and {max}, got {number}.");
            }
        }
    }
}
