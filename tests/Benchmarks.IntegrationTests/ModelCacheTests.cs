using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Cli;

namespace Planner.Benchmarks.IntegrationTests;

/// <summary>The on-disk model cache with real ONNX Runtime sessions: hits, corrupt files, eviction, and the CLI.</summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "planner-model-cache-" + Guid.NewGuid().ToString("N"));

    private static BenchmarkProfile Decoder() => new()
    {
        Name = "cache-test",
        Measurement = new MeasurementSettings(WarmupIterations: 1, MinIterations: 3, MinDurationSeconds: 0.01, MaxDurationSeconds: 1, MaxIterations: 10_000, MaxCv: 100),
        BandwidthProbeMegabytes = 0,
        Inference = [new InferenceSpec { Model = "gpt-decoder", Preset = "tiny", BatchSizes = [1], SequenceLength = 8, ContextLength = 16 }],
    };

    [Fact]
    public async Task A_second_run_reads_the_model_from_the_cache_and_does_not_build_it()
    {
        var cache = new ModelCache(_folder, 1L << 30);

        var first = await new BenchmarkEngine { ModelCache = cache }.RunAsync(Decoder(), DeviceRequest.Cpu);
        var entry = Assert.Single(cache.List());
        var path = Path.Combine(_folder, entry.Name + ".onnx");
        var writtenAt = File.GetLastWriteTimeUtc(path);
        var second = await new BenchmarkEngine { ModelCache = cache }.RunAsync(Decoder(), DeviceRequest.Cpu);

        // Prefill made the model ready, decode reused it; the next run found it on disk.
        Assert.Equal([ModelSetup.Miss, ModelSetup.Reused], first.Results.Select(r => r.ModelSetup!.Cache));
        Assert.Equal([ModelSetup.Hit, ModelSetup.Reused], second.Results.Select(r => r.ModelSetup!.Cache));
        Assert.All(first.Results.Concat(second.Results), r => Assert.True(r.Iterations > 0 && r.ModelSetup!.SessionSeconds > 0));
        Assert.Equal(0, second.Results[1].ModelSetup!.BuildSeconds);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(path));
        var graph = new GptDecoderModel().Define("tiny", Precision.Fp32);
        Assert.Equal(graph.ShapeHash, entry.ShapeHash);
        Assert.All(first.Results.Concat(second.Results), r => Assert.Equal(graph.ShapeHash, r.ModelSetup!.ShapeHash));
        Assert.Equal(new GptDecoderModel().Build("tiny", Precision.Fp32).OnnxBytes, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Without_a_cache_the_model_is_built_in_memory_and_the_results_say_so()
    {
        var run = await new BenchmarkEngine().RunAsync(Decoder(), DeviceRequest.Cpu);

        Assert.Equal([ModelSetup.Off, ModelSetup.Reused], run.Results.Select(r => r.ModelSetup!.Cache));
        Assert.True(run.Results[0].ModelSetup!.BuildSeconds > 0);
        Assert.False(Directory.Exists(_folder));
    }

    [Theory]
    [InlineData("flipped byte")]
    [InlineData("truncated")]
    [InlineData("no manifest")]
    [InlineData("garbled manifest")]
    public void A_corrupt_or_truncated_cached_model_is_rebuilt_never_trusted(string damage)
    {
        var cache = new ModelCache(_folder, 1L << 30);
        var (model, _) = cache.GetOrAdd(new MlpModel().Define("mnist", Precision.Fp32));
        var manifest = Path.ChangeExtension(model.OnnxPath, ".json");
        switch (damage)
        {
            case "flipped byte":
                var bytes = File.ReadAllBytes(model.OnnxPath);
                bytes[bytes.Length / 2] ^= 0xFF;
                File.WriteAllBytes(model.OnnxPath, bytes);
                break;
            case "truncated":
                using (var file = new FileStream(model.OnnxPath, FileMode.Open))
                {
                    file.SetLength(file.Length / 3);
                }
                break;
            case "no manifest":
                File.Delete(manifest);
                break;
            default:
                File.WriteAllText(manifest, "{ not json");
                break;
        }

        var (rebuilt, hit) = cache.GetOrAdd(new MlpModel().Define("mnist", Precision.Fp32));

        Assert.False(hit);
        Assert.Equal(new MlpModel().Build("mnist", Precision.Fp32).OnnxBytes, File.ReadAllBytes(rebuilt.OnnxPath));
        Assert.True(cache.GetOrAdd(new MlpModel().Define("mnist", Precision.Fp32)).Hit);
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Cpu, new ThreadSettings(1, 1));
        using var prepared = new PreparedInference(rebuilt, new WorkloadShape(2), options, seed: 1);
        prepared.Run();
        Assert.Equal([2L, 10L], prepared.OutputValues[0].GetTensorTypeAndShape().Shape);
    }

    [Fact]
    public void Least_recently_used_models_are_evicted_beyond_the_size_limit_and_the_one_in_use_stays()
    {
        var clock = new TickingClock();
        var sizes = new[] { "mnist", "small" }.Select(p => new MlpModel().Define(p, Precision.Fp32).OnnxLength).ToArray();
        var decoder = new GptDecoderModel().Define("tiny", Precision.Fp32).OnnxLength;
        // Room for the two mlp models, not for the decoder as well.
        var cache = new ModelCache(_folder, sizes.Sum() + decoder - 1, clock);

        cache.GetOrAdd(new MlpModel().Define("mnist", Precision.Fp32));
        cache.GetOrAdd(new MlpModel().Define("small", Precision.Fp32));
        Assert.True(cache.GetOrAdd(new MlpModel().Define("mnist", Precision.Fp32)).Hit); // mnist is now the most recently used
        cache.GetOrAdd(new GptDecoderModel().Define("tiny", Precision.Fp32));

        Assert.Equal([("mlp", "mnist"), ("gpt-decoder", "tiny")], cache.List().Select(e => (e.Model, e.Preset)));
        Assert.True(cache.List().Sum(e => e.Bytes) <= cache.MaxBytes);

        // A model larger than the whole limit is still kept while it is the one being used.
        var tight = new ModelCache(_folder, 1, clock);
        tight.GetOrAdd(new MlpModel().Define("small", Precision.Fp32));
        Assert.Equal([("mlp", "small")], tight.List().Select(e => (e.Model, e.Preset)));
    }

    [Fact]
    public void Environment_names_the_folder_turns_the_cache_off_and_refuses_a_bad_limit()
    {
        string? Variables(string name, Dictionary<string, string> values) => values.GetValueOrDefault(name);

        var byDefault = ModelCache.FromEnvironment(n => Variables(n, new() { ["XDG_CACHE_HOME"] = "/var/cache/u" }))!;
        var named = ModelCache.FromEnvironment(n => Variables(n, new() { [ModelCache.FolderVariable] = _folder, [ModelCache.MaxMegabytesVariable] = "10" }))!;
        var off = ModelCache.FromEnvironment(n => Variables(n, new() { [ModelCache.FolderVariable] = "off" }));
        var bad = Assert.Throws<CostModel.InputException>(() => ModelCache.FromEnvironment(n => Variables(n, new() { [ModelCache.MaxMegabytesVariable] = "0" })));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal("/var/cache/u/planner/onnx-models", byDefault.Folder);
        }
        Assert.Equal(ModelCache.DefaultMaxMegabytes * 1048576, byDefault.MaxBytes);
        Assert.Equal((_folder, 10L * 1048576), (named.Folder, named.MaxBytes));
        Assert.Null(off);
        Assert.Contains("PLANNER_MODEL_CACHE_MAX_MB: must be a whole number of MiB from 1 to 1,048,576, got '0'.", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_run_twice_hits_the_cache_and_bench_cache_lists_and_clears_it()
    {
        var environment = new Dictionary<string, string> { [ModelCache.FolderVariable] = _folder };
        var output = Path.Combine(_folder, "results");
        var profile = Path.Combine(Path.GetTempPath(), $"cache-profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(profile, """
            { "name": "cache-cli", "device": "cpu", "bandwidthProbeMegabytes": 0,
              "measurement": { "warmupIterations": 1, "minIterations": 3, "minDurationSeconds": 0.01, "maxDurationSeconds": 1, "maxIterations": 10000, "maxCv": 100 },
              "inference": [ { "model": "mlp", "preset": "mnist", "batchSizes": [1] } ] }
            """);
        try
        {
            var runs = Enumerable.Range(0, 2).Select(_ => CliProcess.RunWith(environment, "bench", "run", "--profile", profile, "--out", output)).ToList();
            var (listExit, list, _) = CliProcess.RunWith(environment, "bench", "cache", "list");
            var (clearExit, cleared, _) = CliProcess.RunWith(environment, "bench", "cache", "clear");
            var (_, empty, _) = CliProcess.RunWith(environment, "bench", "cache", "list");

            Assert.All(runs, r => Assert.True(r.ExitCode == ExitCodes.Ok, r.StdErr));
            var caches = runs.Select(r => Assert.Single(BenchmarkResultsJson.Read(r.StdOut.Trim().Split('\n')[^1].Trim()).Results).ModelSetup!.Cache);
            Assert.Equal([ModelSetup.Miss, ModelSetup.Hit], caches);
            Assert.Equal(ExitCodes.Ok, listExit);
            Assert.Contains($"{_folder}: 1 models", list, StringComparison.Ordinal);
            Assert.Contains("mnist", list, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.Ok, clearExit);
            Assert.Contains("removed 1 models", cleared, StringComparison.Ordinal);
            Assert.Contains($"{_folder}: 0 models", empty, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(profile);
        }
    }

    /// <summary>A minute later at every reading, so every use of the cache has its own time.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now = _now.AddMinutes(1);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
