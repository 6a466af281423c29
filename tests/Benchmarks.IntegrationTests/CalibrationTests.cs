using System.Globalization;
using System.Text.Json;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Cli;
using Planner.CostModel;

namespace Planner.Benchmarks.IntegrationTests;

public class CalibrationTests(SmokeRunFixture smoke) : IClassFixture<SmokeRunFixture>
{
    /// <summary>An encoder and a decoder at tiny sizes with a short measurement: a real run in a few seconds.</summary>
    private static readonly BenchmarkProfile Transformers = new()
    {
        Name = "calibration-test",
        Measurement = new MeasurementSettings(WarmupIterations: 1, MinIterations: 5, MinDurationSeconds: 0.05, MaxDurationSeconds: 2, MaxIterations: 10_000, MaxCv: 100),
        BandwidthProbeMegabytes = 8,
        Inference =
        [
            new InferenceSpec { Model = "transformer-encoder", Preset = "tiny", BatchSizes = [2], SequenceLength = 32 },
            new InferenceSpec { Model = "gpt-decoder", Preset = "tiny", BatchSizes = [1], SequenceLength = 16, ContextLength = 32 },
            new InferenceSpec { Model = "mlp", BatchSizes = [4] },
        ],
    };

    [Fact]
    public async Task Calibration_projects_every_transformer_result_of_a_real_run_on_the_measured_device()
    {
        var run = await new BenchmarkEngine().RunAsync(Transformers, DeviceRequest.Cpu, null);

        var report = Calibrator.Calibrate(run);

        Assert.Equal(["encode", "prefill", "decode"], report.Rows.Select(r => r.Phase));
        var fp32Peak = run.Results.Where(r => r.Precision == "fp32").Max(r => r.AchievedGflops)!.Value;
        Assert.Equal(fp32Peak / 1000, report.Device.Fp32Tflops!.Value, 12);
        Assert.Equal(run.Calibration.MemoryBandwidthGbPerSecond!.Value, report.Device.BandwidthGbPerS);
        Assert.Equal(run.Fingerprint.TotalMemoryGb, report.Device.MemoryGb);
        var encoder = run.Results.Single(r => r.Model == "transformer-encoder");
        var encode = report.Rows[0];
        // The encoder reports sequences per second; the calibration compares tokens.
        Assert.Equal(encoder.Throughput.Value * 32, encode.MeasuredTokensPerSecond, 6);
        foreach (var row in report.Rows)
        {
            Assert.True(row.ProjectedTokensPerSecond > 0);
            Assert.Equal((row.ProjectedTokensPerSecond - row.MeasuredTokensPerSecond) / row.MeasuredTokensPerSecond * 100, row.ErrorPercent, 9);
            Assert.Equal(row.MeasuredTokensPerSecond / row.ProjectedTokensPerSecond, row.ImpliedEfficiency, 12);
            Assert.Contains(row.Bound, new[] { "compute", "memory" });
        }
        Assert.Contains(report.NotProjected, n => n.StartsWith("mlp/", StringComparison.Ordinal));
        var efficiencies = new[] { report.ComputeEfficiency, report.BandwidthEfficiency }.OfType<double>().ToArray();
        Assert.NotEmpty(efficiencies);
        Assert.All(efficiencies, e => Assert.True(e > 0));
    }

    [Fact]
    public async Task A_compute_bound_encoder_row_is_the_measured_peak_over_the_shapes_flops_per_token()
    {
        var run = await new BenchmarkEngine().RunAsync(Transformers with { Inference = [Transformers.Inference[0]] }, DeviceRequest.Cpu, null);

        var row = Calibrator.Calibrate(run).Rows.Single();

        var shape = new TransformerEncoderModel().ProjectionShape("tiny");
        // FLOPs per token = 2 × matrix-product weights + 4 × layers × heads × head size × mean context (the whole 32-token sequence).
        var flopsPerToken = 2 * shape.MatmulParametersPerToken + 4.0 * shape.Layers * shape.Heads * shape.HeadDim * 32;
        var peak = run.Results.Single().AchievedGflops!.Value * 1e9;
        if (row.Bound == "compute")
        {
            Assert.Equal(peak / flopsPerToken, row.ProjectedTokensPerSecond, 6);
        }
        else
        {
            Assert.True(row.ProjectedTokensPerSecond < peak / flopsPerToken);
        }
    }

    [Fact]
    public void A_run_without_a_bandwidth_figure_is_rejected_naming_the_field()
    {
        var run = smoke.Read();
        var withoutBandwidth = run with { Calibration = run.Calibration with { MemoryBandwidthGbPerSecond = null } };

        var error = Assert.Throws<InputException>(() => Calibrator.Calibrate(withoutBandwidth));

        Assert.Contains("calibration.memoryBandwidthGbPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Project_calibrate_prints_the_decoder_rows_of_a_smoke_run_as_table_and_json()
    {
        Assert.True(smoke.ExitCode == ExitCodes.Ok, smoke.StdErr);

        var (tableExit, table, tableErr) = CliProcess.Run("project", "calibrate", smoke.ResultsPath);
        var (jsonExit, json, _) = CliProcess.Run("project", "calibrate", smoke.ResultsPath, "--format", "json");

        Assert.True(tableExit == ExitCodes.Ok, tableErr);
        Assert.Contains("gpt-decoder/tiny", table, StringComparison.Ordinal);
        Assert.Contains("η_m", table, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, jsonExit);
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["prefill", "decode"], rows.Select(r => r.GetProperty("phase").GetString()));
        Assert.All(rows, r => Assert.True(r.GetProperty("measuredTokensPerSecond").GetDouble() > 0));
        Assert.Equal(smoke.Read().RunId, document.RootElement.GetProperty("runId").GetString());
    }

    [Fact]
    public void Project_calibrate_on_a_missing_file_exits_2_naming_it()
    {
        var (exit, _, stderr) = CliProcess.Run("project", "calibrate", "/nonexistent/results.json");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("/nonexistent/results.json", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("small")]
    public void Decoder_preset_shapes_match_the_model_shape_catalog_rows(string preset)
    {
        var shape = new GptDecoderModel().ProjectionShape(preset);
        var row = CatalogRow(shape.Name);

        Assert.Equal(shape.Parameters, double.Parse(row["parameters"], CultureInfo.InvariantCulture));
        Assert.Equal(shape.ActiveParameters, double.Parse(row["activeParameters"], CultureInfo.InvariantCulture));
        Assert.Equal(
            (shape.Layers, shape.HiddenSize, shape.Heads, shape.KvHeads, shape.HeadDim, shape.Vocabulary, shape.ContextLength, shape.IntermediateSize, shape.GatedMlp),
            (Int(row, "layers"), Int(row, "hiddenSize"), Int(row, "heads"), Int(row, "kvHeads"), Int(row, "headDim"), Int(row, "vocabulary"),
                Int(row, "contextLength"), Int(row, "intermediateSize"), bool.Parse(row["gatedMlp"])));
    }

    [Fact]
    public void Encoder_base_preset_shape_is_the_bert_base_shape()
    {
        var shape = new TransformerEncoderModel().ProjectionShape("base");

        Assert.Equal((12, 768, 12, 64, 3072), (shape.Layers, shape.HiddenSize, shape.Heads, shape.HeadDim, shape.IntermediateSize));
        Assert.Empty(shape.Validate());
        // BERT-base has about 110 million parameters (about 86 million in the blocks, 24 million in embeddings).
        Assert.InRange(shape.Parameters, 105e6, 112e6);
    }

    private static int Int(IReadOnlyDictionary<string, string> row, string column) => int.Parse(row[column], CultureInfo.InvariantCulture);

    /// <summary>The catalog row of data/catalog/model-shapes.csv (the numeric columns come first and hold no commas).</summary>
    private static Dictionary<string, string> CatalogRow(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }
        var lines = File.ReadAllLines(Path.Combine(directory!.FullName, "data", "catalog", "model-shapes.csv"));
        var header = lines[0].Split(',');
        var cells = lines.Single(l => l.StartsWith(name + ",", StringComparison.Ordinal)).Split(',');
        return header.Take(14).Select((column, i) => (column, cells[i])).ToDictionary(x => x.column, x => x.Item2);
    }
}
