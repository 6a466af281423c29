using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.CostModel.Projection;
using Planner.CostModel.Scenarios;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Storage;
using Planner.Web.Components.Pages;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class ProjectionPageTests : MudTestContext
{
    private const string Llama70b = "llama-3-70b";
    private const string H100 = "NVIDIA H100 SXM";

    private IRenderedComponent<ProjectionPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ProjectionPage>();
        cut.WaitForElement("[data-testid=projection-results]", Patience);
        return cut;
    }

    /// <summary>Picks an entry of the select labelled <paramref name="label"/>, as choosing it in the list does.</summary>
    private static async Task SelectAsync(IRenderedComponent<ProjectionPage> cut, string label, string value)
    {
        var select = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == label);
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    private async Task<Projection> ExpectedAsync(string model, string gpu, int gpus, Precision precision, int batch, int? context = null)
    {
        var catalogs = Services.GetRequiredService<CatalogService>();
        return ThroughputProjector.Project(
            (await catalogs.GetAsync<CatalogModelShape>(model, CancellationToken.None)).ToShape(),
            (await catalogs.GetAsync<CatalogGpu>(gpu, CancellationToken.None)).ToSpec(),
            gpus, precision, batch, context, Efficiency.GpuDefault);
    }

    private static string Metric(IRenderedComponent<ProjectionPage> cut, string metric) => cut.Find($"[data-metric={metric}]").TextContent;

    [Fact]
    public async Task First_view_shows_the_projector_figures_for_the_default_model_on_an_H100()
    {
        var cut = RenderPage();

        var expected = await ExpectedAsync("llama-3-8b", H100, 1, Precision.Bf16, 1);
        Assert.Equal("true", cut.Find("[data-testid=fits]").GetAttribute("data-fits"));
        Assert.Equal(ProjectionPage.TokensPerSecond(expected.DecodeTokensPerSecondPerGpu), Metric(cut, "decodeTokensPerSecondPerGpu"));
        Assert.Equal(ProjectionPage.TokensPerSecond(expected.PrefillTokensPerSecondPerGpu), Metric(cut, "prefillTokensPerSecondPerGpu"));
        Assert.Equal(Display.Number(expected.MsPerOutputToken, 2) + " ms", Metric(cut, "msPerOutputToken"));
        Assert.Equal(Display.Number(expected.MaxBatchThatFits), Metric(cut, "maxBatchThatFits"));
        Assert.Equal(ProjectionPage.Gigabytes(expected.WeightMemoryGb), Metric(cut, "weightMemoryGb"));
        Assert.Contains("32 layers", cut.Find("[data-testid=model-shape]").TextContent, StringComparison.Ordinal);
        Assert.Contains("3,350 GB/s", cut.Find("[data-testid=gpu-spec]").TextContent, StringComparison.Ordinal);
        Assert.Contains(Efficiency.GpuDefault.Source, cut.Find("[data-testid=roofline]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seventy_billion_model_does_not_fit_one_H100_says_what_is_missing_and_fits_four()
    {
        var cut = RenderPage();

        await SelectAsync(cut, "Model", Llama70b);

        var one = await ExpectedAsync(Llama70b, H100, 1, Precision.Bf16, 1);
        var fits = cut.Find("[data-testid=fits]");
        Assert.Equal("false", fits.GetAttribute("data-fits"));
        Assert.Contains(ThroughputProjector.DoesNotFit(one), fits.TextContent, StringComparison.Ordinal);
        Assert.Contains($"{one.MissingGb:N1} GB missing", fits.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("[data-testid=batch-chart-empty]"));

        Type(cut, "gpus", "4");

        var four = await ExpectedAsync(Llama70b, H100, 4, Precision.Bf16, 1);
        Eventually(() => Assert.Equal("true", cut.Find("[data-testid=fits]").GetAttribute("data-fits")), Patience);
        Assert.Equal(ProjectionPage.TokensPerSecond(four.DecodeTokensPerSecondPerGpu), Metric(cut, "decodeTokensPerSecondPerGpu"));
        Assert.Equal(Display.Number(four.MaxBatchThatFits), Metric(cut, "maxBatchThatFits"));
        Assert.NotEmpty(cut.FindAll("[data-chart=batch-trade-off]"));
    }

    [Fact]
    public void A_bad_batch_shows_the_projector_message_under_the_batch_field_and_no_results()
    {
        var cut = RenderPage();

        Type(cut, "batch", "0");

        Eventually(() => Assert.Contains("batch must be >= 1 and <= 1000000 (got 0)", cut.Find("[data-field=batch]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=projection-results]"));
        Assert.NotNull(cut.Find("[data-testid=projection-none]"));
    }

    [Fact]
    public void A_context_longer_than_the_model_shows_the_projector_message_under_the_context_field()
    {
        var cut = RenderPage();

        Type(cut, "contextLength", "100000");

        Eventually(() => Assert.Contains("contextLength must be >= 1 and <= 8192, the model's context (got 100000)",
            cut.Find("[data-field=contextLength]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task A_precision_the_gpu_has_no_peak_for_is_disabled_and_explained_under_the_precision_field()
    {
        var cut = RenderPage();
        await SelectAsync(cut, "Precision", "fp8");
        Assert.Equal("true", cut.Find("[data-testid=fits]").GetAttribute("data-fits"));

        await SelectAsync(cut, "GPU", "NVIDIA A100 SXM 80GB");

        Assert.Contains("precision fp8 has no peak figure for NVIDIA A100 SXM 80GB (the catalog gives bf16, fp16, int8)",
            cut.Find("[data-field=precision]").TextContent, StringComparison.Ordinal);
        var items = cut.FindComponents<MudSelectItem<string>>().Where(i => i.Instance.Value is "fp32" or "fp8" or "fp4" or "int8" or "int4" or "bf16").ToList();
        // int4 is weight-only: its products run in 16 bits, which the A100 has.
        Assert.All(items.Where(i => i.Instance.Value is "fp32" or "fp8" or "fp4"), i => Assert.True(i.Instance.Disabled));
        Assert.All(items.Where(i => i.Instance.Value is "bf16" or "int8" or "int4"), i => Assert.False(i.Instance.Disabled));
    }

    [Fact]
    public async Task Use_in_scenario_sets_the_cloud_option_throughput_to_the_projection_and_the_evaluation_names_it()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example(), "support-assistant");
        var cut = RenderPage();
        await SelectAsync(cut, "Model", Llama70b);
        Assert.Contains("does not fit", cut.Find("[data-testid=use-in-scenario]").TextContent, StringComparison.Ordinal);
        Type(cut, "gpus", "4");
        Eventually(() => Assert.Contains("projection of llama-3-70b on 4x NVIDIA H100 SXM bf16 batch 1, context 8192",
            cut.Find("[data-testid=use-in-scenario]").TextContent, StringComparison.Ordinal), Patience);

        await cut.InvokeAsync(() => cut.FindComponents<MudButton>().Single(b => b.Markup.Contains("Use in the scenario", StringComparison.Ordinal)).Find("button").Click());

        var option = Assert.IsType<CloudOption>(workspace.Scenario!.GetOption("cloud"));
        Assert.Equal(new ProjectionReference { Model = Llama70b, Gpu = H100, Gpus = 4, Precision = "bf16", Batch = 1, ContextLength = 8192 }, option.References.ThroughputFrom!.Projection);
        Assert.Empty(workspace.Problems);
        var expected = await ExpectedAsync(Llama70b, H100, 4, Precision.Bf16, 1);
        var resolved = (CloudOption)workspace.Resolved!.GetOption("cloud");
        Assert.Equal(expected.DecodeTokensPerSecondPerGpu, resolved.DecodeTokensPerGpuSecond, 9);
        Assert.Equal(expected.PrefillTokensPerSecondPerGpu, resolved.PrefillTokensPerGpuSecond, 9);
        Assert.StartsWith("projection of llama-3-70b on 4x NVIDIA H100 SXM bf16 batch 1, 4096 input + 4096 output tokens", workspace.Resolved.Origins["cloud.decodeTokensPerGpuSecond"].Source, StringComparison.Ordinal);
        // The projection's four tensor-parallel GPUs are one replica: the floor of one GPU becomes one replica, the store
        // supplies gpusPerReplica = 4, and the fleet is rented in whole replicas.
        Assert.Equal(4, option.MinGpus);
        Assert.Equal(4, resolved.GpusPerReplica);
        Eventually(() => Assert.NotNull(workspace.Evaluation), Patience);
        var peak = workspace.Evaluation!.GetOption("cloud").PeakGpus;
        Assert.True(peak >= 4 && peak % 4 == 0, $"peak GPUs {peak}");
    }

    [Fact]
    public async Task A_shorter_context_goes_to_the_scenario_with_the_projection()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example(), "support-assistant");
        var cut = RenderPage();
        await SelectAsync(cut, "Model", Llama70b);
        Type(cut, "gpus", "4");
        Type(cut, "contextLength", "2048");
        Eventually(() => Assert.Contains("context 2048", cut.Find("[data-testid=use-in-scenario]").TextContent, StringComparison.Ordinal), Patience);

        await cut.InvokeAsync(() => cut.FindComponents<MudButton>().Single(b => b.Markup.Contains("Use in the scenario", StringComparison.Ordinal)).Find("button").Click());

        var option = (CloudOption)workspace.Scenario!.GetOption("cloud");
        Assert.Equal(2048, option.References.ThroughputFrom!.Projection!.ContextLength);
        var expected = await ExpectedAsync(Llama70b, H100, 4, Precision.Bf16, 1, 2048);
        Assert.Equal(expected.DecodeTokensPerSecondPerGpu, ((CloudOption)workspace.Resolved!.GetOption("cloud")).DecodeTokensPerGpuSecond, 9);
    }

    [Fact]
    public async Task Input_and_output_tokens_go_to_the_scenario_as_typed_not_as_a_context()
    {
        var workspace = Services.GetRequiredService<ScenarioWorkspace>();
        await workspace.LoadAsync(Example(), "support-assistant");
        var cut = RenderPage();
        await SelectAsync(cut, "Model", Llama70b);
        Type(cut, "gpus", "4");
        Type(cut, "inputTokens", "3000");
        Type(cut, "outputTokens", "500");
        Eventually(() => Assert.Contains("batch 1, 3000 in + 500 out", cut.Find("[data-testid=use-in-scenario]").TextContent, StringComparison.Ordinal), Patience);

        await cut.InvokeAsync(() => cut.FindComponents<MudButton>().Single(b => b.Markup.Contains("Use in the scenario", StringComparison.Ordinal)).Find("button").Click());

        var option = (CloudOption)workspace.Scenario!.GetOption("cloud");
        Assert.Equal(new ProjectionReference { Model = Llama70b, Gpu = H100, Gpus = 4, Precision = "bf16", Batch = 1, InputTokens = 3000, OutputTokens = 500 },
            option.References.ThroughputFrom!.Projection);
        // The scenario's figure is the one the page showed: prefill of 3,000 tokens, decode over 3,000 + t tokens of KV cache.
        Assert.Equal(Metric(cut, "decodeTokensPerSecondPerGpu"), ProjectionPage.TokensPerSecond(((CloudOption)workspace.Resolved!.GetOption("cloud")).DecodeTokensPerGpuSecond));
        Assert.StartsWith("projection of llama-3-70b on 4x NVIDIA H100 SXM bf16 batch 1, 3000 input + 500 output tokens",
            workspace.Resolved.Origins["cloud.decodeTokensPerGpuSecond"].Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_and_output_tokens_give_the_static_batch_figures_the_breakdown_and_the_published_accuracy()
    {
        var cut = RenderPage();

        Type(cut, "inputTokens", "1000");
        Type(cut, "outputTokens", "200");

        var catalogs = Services.GetRequiredService<CatalogService>();
        var expected = ThroughputProjector.Project(new ProjectionRequest
        {
            Model = (await catalogs.GetAsync<CatalogModelShape>("llama-3-8b", CancellationToken.None)).ToShape(),
            Gpu = (await catalogs.GetAsync<CatalogGpu>(H100, CancellationToken.None)).ToSpec(),
            InputTokens = 1000,
            OutputTokens = 200,
            Precisions = TensorPrecisions.For(Precision.Bf16),
            Efficiency = EnginePresets.Default,
        });
        // Both fields debounce: the figures may first show the input tokens with the old output tokens, so wait for both.
        Eventually(() =>
        {
            Assert.True(cut.FindAll("[data-metric=outputTokensPerSecondPerGpu]").Count > 0, cut.Find("[data-testid=projection-form]").TextContent);
            Assert.Equal(ProjectionPage.TokensPerSecond(expected.OutputTokensPerSecondPerGpu), Metric(cut, "outputTokensPerSecondPerGpu"));
            Assert.Equal(Display.Number(expected.TimeToFirstTokenMs, 1) + " ms", Metric(cut, "timeToFirstTokenMs"));
        }, Patience);
        Assert.Equal(expected.Operators.Count, cut.FindAll("[data-testid=breakdown] tr[data-operator]").Count);
        Assert.NotNull(cut.Find("[data-operator='decode/attention']"));
        Assert.Matches(@"median error \d+\.\d%, \d+ of \d+ within 15%, worst \d+\.\d\dx", cut.Find("[data-testid=accuracy-held-out]").TextContent);
        // The coverage is read from the same cases as the figures, not typed into the text.
        Assert.Contains("(engines tensorrt-llm, vllm; A100, H100, H200, L40S, MI300X; 1 to 8 GPUs)", cut.Find("[data-testid=accuracy]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_models_catalog_says_so_and_links_to_the_catalogs()
    {
        var database = Services.GetRequiredService<PlannerDatabase>();
        await using (var db = await database.CreateContextAsync(CancellationToken.None))
        {
            await db.Set<CatalogModelShape>().ExecuteDeleteAsync();
        }
        Render<MudPopoverProvider>();

        var cut = Render<ProjectionPage>();

        cut.WaitForElement("[data-testid=no-catalog]", Patience);
        Assert.Contains("models catalog is empty", cut.Find("[data-testid=no-catalog]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/catalogs", cut.Find("[data-testid=no-catalog] a").GetAttribute("href"));
    }
}
