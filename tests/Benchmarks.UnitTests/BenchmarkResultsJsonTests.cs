using System.Text.Json.Nodes;
using Planner.Benchmarks.Environment;
using Planner.Benchmarks.Results;
using Planner.CostModel;

namespace Planner.Benchmarks.UnitTests;

public class BenchmarkResultsJsonTests
{
    [Fact]
    public void A_run_survives_a_round_trip_and_uses_camel_case()
    {
        var run = TestRuns.Run("r1", TestRuns.Result() with { Phase = "decode", ContextLength = 64 });

        var json = BenchmarkResultsJson.Serialize(run);
        var back = BenchmarkResultsJson.Parse(json);

        Assert.Contains("\"energyJoulesPer1k\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"fingerprintId\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"auc\"", json, StringComparison.Ordinal);
        Assert.Equal(run.Results[0], back.Results[0]);
        Assert.Equal(run.Settings, back.Settings);
        Assert.Equal(run.Calibration, back.Calibration);
    }

    [Theory]
    [InlineData("results[0].energyNote", null, "$.results[0].energyNote: must give the reason energyJoulesPer1k is null.")]
    [InlineData("results[0].throughput.unit", "frames/s", "$.results[0].throughput.unit: must be one of samples/s, tokens/s, rows/s")]
    [InlineData("results[0].batchSize", 0, "$.results[0].batchSize: must be at least 1, got 0.")]
    [InlineData("results[0].task", "tuning", "$.results[0].task: must be one of inference, training")]
    [InlineData("results[0].latencyMs.p99", "slow", "$.results[0].latencyMs.p99: must be a number")]
    [InlineData("partial", null, "$.partial: required boolean is missing")]
    [InlineData("fingerprint.cpuModel", "", "$.fingerprint.cpuModel: required non-empty string is missing.")]
    public void Validation_names_the_field_that_breaks_the_schema(string path, object? value, string expected)
    {
        var root = JsonNode.Parse(BenchmarkResultsJson.Serialize(TestRuns.Run("r1", TestRuns.Result())))!;
        Set(root, path, value);

        var error = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(root.ToJsonString(), "file.json"));

        Assert.Contains(error.Lines, p => p.StartsWith("file.json: " + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Model_setup_is_written_only_where_it_applies_and_read_back()
    {
        var setup = new ModelSetup(new string('a', 64), ModelSetup.Hit, 0.25, 1.5);
        var run = TestRuns.Run("r1", TestRuns.Result() with { ModelSetup = setup }, TestRuns.Result(batch: 2));

        var json = BenchmarkResultsJson.Serialize(run);
        var back = BenchmarkResultsJson.Parse(json);

        Assert.Contains("\"modelSetup\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"cache\": \"hit\"", json, StringComparison.Ordinal);
        Assert.Equal(setup, back.Results[0].ModelSetup);
        Assert.Null(back.Results[1].ModelSetup);
    }

    [Theory]
    [InlineData("cache", "warm", "$.results[0].modelSetup.cache: must be one of hit, miss, off, reused")]
    [InlineData("buildSeconds", -1, "$.results[0].modelSetup.buildSeconds: must be at least 0")]
    [InlineData("sessionSeconds", null, "$.results[0].modelSetup.sessionSeconds: required number is missing.")]
    [InlineData("shapeHash", "", "$.results[0].modelSetup.shapeHash: required non-empty string is missing.")]
    public void Model_setup_is_validated_field_by_field(string field, object? value, string expected)
    {
        var run = TestRuns.Run("r1", TestRuns.Result() with { ModelSetup = new ModelSetup(new string('a', 64), ModelSetup.Miss, 2, 1) });
        var root = JsonNode.Parse(BenchmarkResultsJson.Serialize(run))!;
        Set(root, "results[0].modelSetup." + field, value);

        var error = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(root.ToJsonString(), "file.json"));

        Assert.Contains(error.Lines, p => p.StartsWith("file.json: " + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_invalid_result_must_say_why()
    {
        var run = TestRuns.Run("r1", TestRuns.Result() with { Valid = false, InvalidReason = null });

        var error = Assert.Throws<InputException>(() => BenchmarkResultsJson.Parse(BenchmarkResultsJson.Serialize(run)));

        Assert.Contains(error.Lines, p => p.Contains("invalidReason: must give the reason", StringComparison.Ordinal));
    }

    [Fact]
    public void Fingerprint_id_depends_on_hardware_only_and_is_stable()
    {
        var a = FingerprintProbe.FingerprintId("AMD EPYC", 2, 23.54, null);
        var b = FingerprintProbe.FingerprintId("AMD EPYC", 2, 23.6, null);
        var c = FingerprintProbe.FingerprintId("AMD EPYC", 4, 23.54, null);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(16, a.Length);
    }

    private static void Set(JsonNode root, string path, object? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = part.EndsWith(']') ? node[part[..part.IndexOf('[', StringComparison.Ordinal)]]![int.Parse(part[(part.IndexOf('[', StringComparison.Ordinal) + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }
        var obj = node.AsObject();
        if (value is null)
        {
            obj.Remove(parts[^1]);
        }
        else
        {
            obj[parts[^1]] = JsonValue.Create(value);
        }
    }
}
