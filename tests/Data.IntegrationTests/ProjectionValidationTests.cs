using Planner.CostModel;
using Planner.CostModel.Projection;
using Planner.CostModel.Projection.Validation;
using Planner.Data.Projections;

namespace Planner.Data.IntegrationTests;

/// <summary>The shipped validation set (data/validation/published-measurements.csv) against the seeded catalogs of a real store.</summary>
public sealed class ProjectionValidationTests : IAsyncLifetime
{
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    private Task<IReadOnlyList<ResolvedCase>> CasesAsync() => _temp.Store.Projections.ValidationCasesAsync(null, default);

    [Fact]
    public async Task Validation_set_covers_dense_and_moe_models_three_gpu_generations_two_vendors_1_to_8_gpus_and_batch_1_to_1024()
    {
        var cases = await CasesAsync();

        Assert.True(cases.Count >= 30, $"{cases.Count} cases");
        Assert.Contains(cases, c => c.Model.IsMixtureOfExperts);
        Assert.Contains(cases, c => !c.Model.IsMixtureOfExperts);
        var generations = cases.Select(c => GpuClass.Of(c.Gpu.Name, c.Gpu.Vendor)!.ToString()).Distinct().ToArray();
        Assert.True(generations.Length >= 3, string.Join(", ", generations));
        Assert.Equal(["AMD", "NVIDIA"], cases.Select(c => c.Gpu.Vendor).Distinct().Order());
        Assert.Equal(1, cases.Min(c => c.Case.Gpus));
        Assert.Equal(8, cases.Max(c => c.Case.Gpus));
        Assert.Equal(1, cases.Min(c => c.Case.Batch));
        Assert.Equal(1024, cases.Max(c => c.Case.Batch));
        Assert.All(cases, c =>
        {
            Assert.StartsWith("https://", c.Case.SourceUrl, StringComparison.Ordinal);
            Assert.Matches(@"^\d{4}-\d{2}(-\d{2})?$", c.Case.AsOf);
            Assert.False(string.IsNullOrWhiteSpace(c.Case.EngineVersion));
        });
        Assert.True(cases.Count(c => c.Case.HeldOut) >= cases.Count / 4);
    }

    [Fact]
    public async Task Shipped_engine_presets_are_the_fit_on_the_train_split()
    {
        var fitted = ValidationReport.FitPresets(await CasesAsync());

        foreach (var (engine, fit) in fitted)
        {
            var shipped = EnginePresets.Get(engine);
            foreach (var (name, a, b) in new[]
            {
                ("compute", shipped.Compute, fit.Compute), ("lowPrecisionCompute", shipped.LowPrecisionCompute ?? shipped.Compute, fit.LowPrecisionCompute ?? fit.Compute),
                ("bandwidth", shipped.Bandwidth, fit.Bandwidth), ("attention", shipped.AttentionCompute, fit.AttentionCompute),
                ("attentionBandwidth", shipped.AttentionMemory, fit.AttentionMemory), ("kvHeadSharing", shipped.KvHeadSharing, fit.KvHeadSharing),
                ("experts", shipped.ExpertCompute, fit.ExpertCompute), ("lowPrecisionExperts", shipped.ExpertComputeFor(Precision.Fp8), fit.ExpertComputeFor(Precision.Fp8)),
                ("tensorParallel", shipped.TensorParallel, fit.TensorParallel),
                // Carried from the preset, not fitted (ADR 053): a re-fit keeps them.
                ("expertBandwidth", shipped.ExpertMemory, fit.ExpertMemory), ("halfEfficiencyHiddenSize", shipped.HalfEfficiencyHiddenSize, fit.HalfEfficiencyHiddenSize),
            })
            {
                Assert.True(Math.Abs(a - b) <= 0.001 * Math.Max(1, Math.Abs(b)), $"{engine} {name}: shipped {a}, fitted {b}");
            }
            foreach (var (name, a, b) in new[]
            {
                ("layerOverheadMicroseconds", shipped.LayerOverheadMicroseconds, fit.LayerOverheadMicroseconds),
                ("stepOverheadMicroseconds", shipped.StepOverheadMicroseconds, fit.StepOverheadMicroseconds),
                ("allReduceLatencyMicroseconds", shipped.AllReduceLatencyMicroseconds, fit.AllReduceLatencyMicroseconds),
                ("blockScaledProductMicroseconds", shipped.BlockScaledProductMicroseconds, fit.BlockScaledProductMicroseconds),
            })
            {
                Assert.True(Math.Abs(a - b) <= 0.1, $"{engine} {name}: shipped {a}, fitted {b}");
            }
        }
    }

    [Fact]
    public async Task Published_accuracy_on_the_held_out_split_is_the_one_methodology_states()
    {
        var report = ValidationReport.Evaluate(await CasesAsync(), engine => EnginePresets.Get(engine));
        var methodology = await File.ReadAllTextAsync(ScenarioResolverTests.RepositoryFile("docs", "methodology.md"));

        Assert.Contains($"held out: {report.HeldOut}", methodology, StringComparison.Ordinal);
        Assert.Contains($"train: {report.Train}", methodology, StringComparison.Ordinal);
        Assert.Contains($"without the cases beyond the roofline of their stated setup: {report.HeldOutWithinRoofline}", methodology, StringComparison.Ordinal);
        Assert.All(report.Errors, e => Assert.True(double.IsFinite(e.Projected) && e.Projected > 0, e.Case.ToString()));
    }

    [Fact]
    public void A_bad_row_is_rejected_naming_its_row_and_column()
    {
        const string csv = """
            id,model,gpu,gpus,precision,activationPrecision,kvPrecision,batch,inputTokens,outputTokens,engine,engineVersion,setting,metric,value,unit,split,source,sourceUrl,asOf
            1,llama-2-7b,NVIDIA H100 SXM,0,fp8,fp8,fp6,64,128,128,tensorrt-llm,0.9.0,static batch,tokens,-3,x,test,s,https://example.org,2024-04
            """;

        var ex = Assert.Throws<InputException>(() => PublishedMeasurements.Read(new StringReader(csv)));

        Assert.Equal(
            [
                "row 2, kvPrecision must be one of fp32, bf16, fp16, fp8, int8, int4, fp4 (got \"fp6\")",
                "row 2, column metric: must be one of outputTokensPerSecondPerGpu, timeToFirstTokenMs, batchLatencyMs (got 'tokens')",
                "row 2, column value: must be a number > 0 (got '-3')",
                "row 2, column split: must be train or held-out (got 'test')",
                "row 2, column gpus: must be a whole number >= 1 and <= 1024 (got '0')",
            ],
            ex.Lines);
    }
}
