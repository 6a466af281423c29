using Planner.CostModel;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

using Planner.CostModel.Projection;
using Planner.Data.Projections;

namespace Planner.Data.IntegrationTests;

public sealed class ScenarioResolverTests : IAsyncLifetime
{
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    internal static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Planner.sln")))
        {
            directory = directory.Parent;
        }
        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("Planner.sln not found"), .. parts]);
    }

    [Fact]
    public async Task Catalog_referenced_example_evaluates_with_every_resolved_value_and_its_origin()
    {
        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(RepositoryFile("examples", "catalog-referenced.json"), default);
        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);

        AssertCatalog(inputs["api.inputPricePerMillion"], 0.15, "api: openai/gpt-4o-mini", "2024-10-01");
        AssertCatalog(inputs["api.outputPricePerMillion"], 0.60, "api: openai/gpt-4o-mini", "2024-10-01");
        AssertCatalog(inputs["cloud.gpuHourPrice"], 2.35, "cloud: h100-1yr-contract-2026-03", "2026-03-01");
        AssertCatalog(inputs["onprem.serverPrice"], 325_000, "gpus: NVIDIA H100 SXM (USD 40625 per GPU x 8 GPUs per server)", "2026-03-01");
        Assert.Contains("SemiAnalysis", inputs["cloud.gpuHourPrice"].Origin.Source, StringComparison.Ordinal);
        Assert.Equal("https://openai.com/api/pricing/", inputs["api.inputPricePerMillion"].Origin.SourceUrl);
        Assert.Equal(OriginKind.Typed, inputs["cloud.prefillTokensPerGpuSecond"].Origin.Kind);
        Assert.Equal(3, evaluation.Options.Count);
    }

    [Fact]
    public async Task A_number_both_typed_and_referenced_is_an_error_naming_both()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "gpuHourPrice": 3, "prefillTokensPerGpuSecond": 1000, "decodeTokensPerGpuSecond": 100 }""");
        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));
        Assert.Equal(["options[0].gpuHourPrice is given and also supplied by cloudOffer 'aws-p5-48xlarge-ondemand'; give one"], ex.Lines);
    }

    [Fact]
    public async Task Unresolvable_references_are_errors_naming_the_path_and_close_matches()
    {
        var json = Scenario(
            """{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4" }""",
            """{ "id": "onprem", "kind": "onprem", "gpu": "H100 PCIe 94GB", "gpusPerServer": 8, "serverPowerKw": 10, "depreciationYears": 5, "prefillTokensPerGpuSecond": 1000, "decodeTokensPerGpuSecond": 100 }""",
            """{ "id": "cloud", "kind": "cloud", "cloudOffer": "no-such-offer", "prefillTokensPerGpuSecond": 1000, "decodeTokensPerGpuSecond": 100 }""");

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Equal(3, ex.Lines.Count);
        Assert.StartsWith("options[0].apiPrice 'openai/gpt-4': no api row is named 'openai/gpt-4' (close: openai/gpt-4o", ex.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("options[1].gpu 'H100 PCIe 94GB': no gpus row is named 'H100 PCIe 94GB' (close: ", ex.Lines[1], StringComparison.Ordinal);
        Assert.Contains("NVIDIA H100 SXM", ex.Lines[1], StringComparison.Ordinal);
        Assert.Equal("options[2].cloudOffer 'no-such-offer': no cloud row is named 'no-such-offer'", ex.Lines[2]);
    }

    [Fact]
    public async Task A_gpu_without_a_purchase_price_cannot_price_a_server()
    {
        var json = Scenario("""{ "id": "onprem", "kind": "onprem", "gpu": "L40S", "gpusPerServer": 4, "serverPowerKw": 3, "depreciationYears": 5, "prefillTokensPerGpuSecond": 1000, "decodeTokensPerGpuSecond": 100 }""");
        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));
        Assert.StartsWith("options[0].gpu 'L40S': the gpus catalog has no purchasePriceUsd for NVIDIA L40S", Assert.Single(ex.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_price_card_supplies_its_cached_input_price_and_batch_discount_and_a_card_without_them_leaves_them_out()
    {
        var json = Scenario("""{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4o-mini" }""", """{ "id": "flash", "kind": "api", "apiPrice": "google/gemini-1.5-flash" }""")
            .Replace("\"outputTokensPerRequest\": 100", "\"outputTokensPerRequest\": 100, \"cachedInputShare\": 0.5, \"batchShare\": 0.2", StringComparison.Ordinal);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);
        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);

        AssertCatalog(inputs["api.cachedInputPricePerMillion"], 0.075, "api: openai/gpt-4o-mini", "2024-10-01");
        AssertCatalog(inputs["api.batchDiscount"], 0.5, "api: openai/gpt-4o-mini", "2024-10-01");
        Assert.False(inputs.ContainsKey("flash.cachedInputPricePerMillion"));
        Assert.False(inputs.ContainsKey("flash.batchDiscount"));
        // 100,000 requests x (500 x (0.5 x 0.15 + 0.5 x 0.075) + 100 x 0.60) / 1e6 x (1 - 0.2 x 0.5) = 10.4625 a month.
        Assert.Equal(10.4625, evaluation.GetOption("api").Months[1].Usage, 9);
        // No cached price or batch service: (500 x 0.075 + 100 x 0.30) / 1e6 x 100,000 = 6.75.
        Assert.Equal(6.75, evaluation.GetOption("flash").Months[1].Usage, 9);
    }

    [Fact]
    public async Task Catalog_prices_in_usd_do_not_fill_a_scenario_in_a_currency_the_fx_catalog_has_no_rate_for()
    {
        var json = Scenario("""{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4o" }""").Replace("\"USD\"", "\"EUR\"", StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));
        Assert.Equal(["options[0].apiPrice: the catalog price is in USD but the scenario's currency is EUR, and the fx catalog has no USD/EUR or EUR/USD rate; "
            + "add one with planner catalog import fx, or type the figure in EUR instead"], ex.Lines);
    }

    [Fact]
    public async Task A_cny_price_card_is_converted_into_a_usd_scenario_by_the_dated_rate_named_in_its_origin()
    {
        var json = Scenario("""{ "id": "api", "kind": "api", "apiPrice": "deepseek/deepseek-v3-cny" }""");

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);
        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);

        // The seed has USD/CNY 7.1726 (25 Feb 2025): 2 CNY = 2 / 7.1726 USD, 8 CNY = 8 / 7.1726, 0.5 CNY = 0.5 / 7.1726.
        Assert.Equal(2 * (1 / 7.1726), inputs["api.inputPricePerMillion"].Value, 12);
        Assert.Equal(8 * (1 / 7.1726), inputs["api.outputPricePerMillion"].Value, 12);
        Assert.Equal(0.5 * (1 / 7.1726), inputs["api.cachedInputPricePerMillion"].Value, 12);
        var origin = inputs["api.inputPricePerMillion"].Origin;
        Assert.Equal(OriginKind.Catalog, origin.Kind);
        Assert.Equal("2025-02-09", origin.AsOf);
        Assert.StartsWith("api: deepseek/deepseek-v3-cny; CNY converted at 0.139419 USD per CNY (fx USD/CNY, 1 / 7.1726 USD/CNY, 2025-02-25, China Foreign Exchange Trade System",
            origin.Reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usd_catalog_prices_are_converted_into_a_cny_scenario_and_the_same_card_stays_unconverted_in_usd()
    {
        var json = Scenario("""{ "id": "api", "kind": "api", "apiPrice": "openai/gpt-4o-mini" }""", """{ "id": "cloud", "kind": "cloud", "cloudOffer": "aws-p5-48xlarge-ondemand", "prefillTokensPerGpuSecond": 1000, "decodeTokensPerGpuSecond": 100 }""");
        var inCny = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json.Replace("\"USD\"", "\"CNY\"", StringComparison.Ordinal), default);
        var inUsd = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);
        var cny = inCny.Inputs.ToDictionary(i => i.Key);
        var usd = inUsd.Inputs.ToDictionary(i => i.Key);

        Assert.Equal(0.15 * 7.1726, cny["api.inputPricePerMillion"].Value, 12);
        Assert.Equal(usd["cloud.gpuHourPrice"].Value * 7.1726, cny["cloud.gpuHourPrice"].Value, 9);
        Assert.Contains("; USD converted at 7.1726 CNY per USD (fx USD/CNY, 2025-02-25, ", cny["cloud.gpuHourPrice"].Origin.Reference, StringComparison.Ordinal);
        Assert.Equal("api: openai/gpt-4o-mini", usd["api.inputPricePerMillion"].Origin.Reference);
        Assert.Equal(0.15, usd["api.inputPricePerMillion"].Value);
    }

    [Fact]
    public async Task A_projection_reference_fills_both_throughputs_with_a_projection_origin()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "precision": "bf16", "batch": 32 } } }""");

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        // No contextLength: the workload's 500 input and 100 output tokens per request.
        var projection = await _temp.Store.Projections.ProjectAsync(new ProjectionSettings
        {
            Model = "llama-3-70b", Gpu = "NVIDIA H100 SXM", Gpus = 4, Precision = "bf16", Batch = 32, InputTokens = 500, OutputTokens = 100,
        }, null, f => f, default);
        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);
        Assert.Equal(projection.PrefillTokensPerSecondPerGpu, inputs["cloud.prefillTokensPerGpuSecond"].Value);
        Assert.Equal(projection.DecodeTokensPerSecondPerGpu, inputs["cloud.decodeTokensPerGpuSecond"].Value);
        var origin = inputs["cloud.decodeTokensPerGpuSecond"].Origin;
        Assert.Equal(OriginKind.Projection, origin.Kind);
        Assert.Equal("projection of llama-3-70b on 4x NVIDIA H100 SXM bf16 batch 32, 500 input + 100 output tokens", origin.Source);
        Assert.StartsWith("efficiency: engine preset tensorrt-llm", origin.Reference, StringComparison.Ordinal);

        var evidence = Assert.Single((await _temp.Store.Evaluation.ResolveAsync(json, default)).Evidence);
        Assert.Equal("cloud", evidence.OptionId);
        Assert.Null(evidence.Benchmark);
        // A record compares its lists by reference: the operators and notes compare as sequences.
        Assert.Equal(projection, evidence.Projection! with { Operators = projection.Operators, NotModelled = projection.NotModelled });
        Assert.Equal(projection.Operators, evidence.Projection!.Operators);
        Assert.Equal(projection.NotModelled, evidence.Projection.NotModelled);
    }

    [Fact]
    public async Task With_latency_targets_a_projection_supplies_the_replica_capacity_from_the_capacity_search()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "precision": "bf16", "batch": 32 } } }""")
            .Replace("\"outputTokensPerRequest\": 100 }", "\"outputTokensPerRequest\": 100, \"ttftP95Seconds\": 2, \"itlP95Seconds\": 0.06 }", StringComparison.Ordinal);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        // The same search planner capacity runs: the projection at the workload's 500 + 100 tokens, p95 TTFT <= 2 s, ITL <= 60 ms.
        var request = await _temp.Store.Projections.RequestAsync(new ProjectionSettings
        {
            Model = "llama-3-70b", Gpu = "NVIDIA H100 SXM", Gpus = 4, Precision = "bf16", Batch = 32, InputTokens = 500, OutputTokens = 100,
        }, null, f => f, default);
        var plan = CostModel.Serving.CapacityPlanner.AtScenarioTargets(request, 2, 0.06);
        var inputs = evaluation.Inputs.ToDictionary(i => i.Key);
        Assert.True(plan.MaxRatePerSecond > 0);
        Assert.Equal(plan.MaxRatePerSecond, inputs["cloud.replicaRequestsPerSecond"].Value);
        Assert.Equal(4, inputs["cloud.gpusPerReplica"].Value);
        var origin = inputs["cloud.replicaRequestsPerSecond"].Origin;
        Assert.Equal(OriginKind.Projection, origin.Kind);
        Assert.Equal("capacity search over the projection of llama-3-70b on 4x NVIDIA H100 SXM bf16, 500 input + 100 output tokens, at p95 TTFT <= 2 s and ITL <= 0.06 s", origin.Source);
        var atTargets = evaluation.GetOption("cloud").AtTargets!;
        Assert.Equal(plan.MaxRatePerSecond, atTargets.ReplicaRequestsPerSecond);
        Assert.Equal(4, atTargets.GpusPerReplica);
    }

    [Fact]
    public async Task With_latency_targets_a_projection_on_demand_is_sized_with_the_kv_cache_claimed_as_tokens_come()
    {
        // Llama 3 70B in bf16 on 2 H100s leaves room for few whole sequences: how the cache is claimed changes the capacity.
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 2, "precision": "bf16", "batch": 4, "kvAllocation": "onDemand" } } }""")
            .Replace("\"outputTokensPerRequest\": 100 }", "\"outputTokensPerRequest\": 100, \"ttftP95Seconds\": 2, \"itlP95Seconds\": 0.06 }", StringComparison.Ordinal);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        var request = await _temp.Store.Projections.RequestAsync(new ProjectionSettings
        {
            Model = "llama-3-70b", Gpu = "NVIDIA H100 SXM", Gpus = 2, Precision = "bf16", Batch = 4, InputTokens = 500, OutputTokens = 100,
        }, null, f => f, default);
        var onDemand = CostModel.Serving.CapacityPlanner.AtScenarioTargets(request, 2, 0.06, CostModel.Serving.KvAllocation.OnDemand);
        var reserve = CostModel.Serving.CapacityPlanner.AtScenarioTargets(request, 2, 0.06);
        var capacity = evaluation.Inputs.Single(i => i.Key == "cloud.replicaRequestsPerSecond");
        Assert.Equal(onDemand.MaxRatePerSecond, capacity.Value);
        Assert.NotEqual(reserve.MaxRatePerSecond, capacity.Value);
        Assert.EndsWith("at p95 TTFT <= 2 s and ITL <= 0.06 s, KV cache on demand", capacity.Origin.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_projection_kv_allocation_other_than_reserve_or_on_demand_is_named_with_the_allowed_values()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "kvAllocation": "lazy" } } }""");

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        var problem = Assert.Single(ex.Problems, p => p.Path.EndsWith("throughputFrom.projection.kvAllocation", StringComparison.Ordinal));
        Assert.Contains("must be one of reserve, onDemand (got \"lazy\")", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_latency_targets_a_projection_on_four_gpus_makes_them_one_replica_and_the_fleet_whole_replicas()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "precision": "bf16", "batch": 32 } } }""");

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default);

        var gpusPerReplica = evaluation.Inputs.Single(i => i.Key == "cloud.gpusPerReplica");
        Assert.Equal(4, gpusPerReplica.Value);
        Assert.Equal(OriginKind.Projection, gpusPerReplica.Origin.Kind);
        Assert.Equal("projection of llama-3-70b on 4x NVIDIA H100 SXM bf16 batch 32, 500 input + 100 output tokens", gpusPerReplica.Origin.Source);
        // 100,000 requests a month keep well under one GPU busy: the peak is one whole replica of 4, not 1 GPU.
        Assert.Equal(4, evaluation.GetOption("cloud").PeakGpus);
    }

    [Fact]
    public async Task Without_latency_targets_a_typed_gpus_per_replica_that_differs_from_the_projection_is_an_error()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "gpusPerReplica": 8, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "batch": 32 } } }""");

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Equal(["options[0].gpusPerReplica is 8 but the replica of options[0].throughputFrom.projection has 4 GPUs; leave gpusPerReplica out or set the projection's gpus"], ex.Lines);
    }

    [Fact]
    public async Task A_typed_gpus_per_replica_that_differs_from_the_projected_replica_is_an_error()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "gpusPerReplica": 8, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "batch": 32 } } }""")
            .Replace("\"outputTokensPerRequest\": 100 }", "\"outputTokensPerRequest\": 100, \"ttftP95Seconds\": 2, \"itlP95Seconds\": 0.06 }", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Equal(["options[0].gpusPerReplica is 8 but the replica of options[0].throughputFrom.projection has 4 GPUs, whose capacity at the targets is used; leave gpusPerReplica out or set the projection's gpus"], ex.Lines);
    }

    [Fact]
    public async Task A_projected_model_that_does_not_fit_is_an_error_saying_how_much_memory_is_missing()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 1 } } }""");

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        var projection = await _temp.Store.Projections.ProjectAsync(new ProjectionSettings
        {
            Model = "llama-3-70b", Gpu = "H100 SXM", InputTokens = 500, OutputTokens = 100,
        }, null, f => f, default);
        Assert.False(projection.Fits);
        Assert.Contains("options[0].throughputFrom.projection: does not fit: " + ThroughputProjector.DoesNotFit(projection), ex.Lines);
        Assert.StartsWith("llama-3-70b bf16 at batch 1 needs 149.", ThroughputProjector.DoesNotFit(projection), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_projection_context_is_the_one_given_or_else_the_workloads_tokens_per_request()
    {
        string Cloud(string context) => Scenario($$"""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "batch": 32{{context}} } } }""");

        var given = await _temp.Store.Evaluation.ResolveAsync(Cloud(", \"contextLength\": 8192"), default);
        var defaulted = await _temp.Store.Evaluation.ResolveAsync(Cloud(""), default);

        Assert.Equal(8192, given.Evidence.Single().Projection!.ContextLength);
        Assert.Equal(600, defaulted.Evidence.Single().Projection!.ContextLength);
        Assert.Equal(500, defaulted.Evidence.Single().Projection!.InputTokens);
        Assert.Equal(100, defaulted.Evidence.Single().Projection!.OutputTokens);
        // Shorter sequences read less KV cache per decode step: more tokens/s.
        Assert.True(((CloudOption)defaulted.GetOption("cloud")).DecodeTokensPerGpuSecond > ((CloudOption)given.GetOption("cloud")).DecodeTokensPerGpuSecond);
        var written = ScenarioJsonWriter.Write(ScenarioJson.Parse(Cloud(", \"contextLength\": 8192")));
        Assert.Contains("\"contextLength\":8192", written.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_projection_made_at_given_input_and_output_tokens_keeps_them_and_names_a_half_given_pair()
    {
        string Cloud(string lengths) => Scenario($$"""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4, "batch": 32{{lengths}} } } }""");

        var given = await _temp.Store.Evaluation.ResolveAsync(Cloud(", \"inputTokens\": 2000, \"outputTokens\": 300"), default);

        var projection = given.Evidence.Single().Projection!;
        Assert.Equal((2000, 300), (projection.InputTokens, projection.OutputTokens));
        var written = System.Text.RegularExpressions.Regex.Replace(ScenarioJsonWriter.Write(ScenarioJson.Parse(Cloud(", \"inputTokens\": 2000, \"outputTokens\": 300"))), @"\s", "");
        Assert.Contains("\"inputTokens\":2000,\"outputTokens\":300", written, StringComparison.Ordinal);

        var half = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(Cloud(", \"inputTokens\": 2000"), default));
        Assert.Equal("options[0].throughputFrom.projection.inputTokens", Assert.Single(half.Problems).Path);
        var both = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(Cloud(", \"contextLength\": 4096, \"inputTokens\": 2000, \"outputTokens\": 300"), default));
        Assert.Equal("options[0].throughputFrom.projection.contextLength", Assert.Single(both.Problems).Path);
    }

    [Fact]
    public async Task Requests_longer_than_the_models_context_are_an_error_that_says_where_the_context_came_from()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-3-70b", "gpu": "H100 SXM", "gpus": 4 } } }""")
            .Replace("\"inputTokensPerRequest\": 500", "\"inputTokensPerRequest\": 9000", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Equal(
            ["options[0].throughputFrom.projection.inputTokens must be >= 1 and <= 8192, the model's context (got 9000) "
                + "(the projection takes the workload's input and output tokens per request, 9000 and 100, when contextLength is not set; set it, or shorten the requests)"],
            ex.Lines);
    }

    [Fact]
    public async Task A_projection_of_an_unknown_model_names_the_path_and_lists_the_models()
    {
        var json = Scenario("""{ "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "throughputFrom": { "projection": { "model": "llama-70b", "gpu": "H100 SXM", "gpus": 4 } } }""");

        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync(json, default));

        Assert.Contains(ex.Lines, p => p.StartsWith("options[0].throughputFrom.projection.model: no models row is named 'llama-70b'", StringComparison.Ordinal)
            && p.Contains("llama-3-70b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_models_catalog_is_seeded_from_the_model_shapes_file()
    {
        var models = await _temp.Store.Catalogs.ListAsync<Entities.CatalogModelShape>(default);

        var llama = Assert.Single(models, m => m.Name == "llama-3-70b");
        Assert.Equal((80, 8192, 64, 8, 128, 28672, true), (llama.Layers, llama.HiddenSize, llama.Heads, llama.KvHeads, llama.HeadDim, llama.IntermediateSize, llama.GatedMlp));
        Assert.Equal(70_553_706_496, llama.Parameters);
        Assert.Equal(File.ReadAllLines(RepositoryFile("data", "catalog", "model-shapes.csv")).Length - 1, models.Count);
        var mixtral = Assert.Single(models, m => m.Name == "mixtral-8x7b").ToShape();
        Assert.Equal((8, 2), (mixtral.Experts, mixtral.ActiveExperts));
        Assert.Empty(mixtral.Validate());
    }

    [Fact]
    public async Task A_stored_scenario_evaluates_by_id()
    {
        var json = await File.ReadAllTextAsync(RepositoryFile("examples", "catalog-referenced.json"));
        var saved = await _temp.Store.Scenarios.SaveAsync(null, json, null, "ann", default);

        var evaluation = await _temp.Store.Evaluation.EvaluateOrThrowAsync(saved.Id, default);

        Assert.Equal("Support assistant, priced from the catalogs", evaluation.Scenario);
        var ex = await Assert.ThrowsAsync<InputException>(() => _temp.Store.Evaluation.EvaluateOrThrowAsync("nosuchid", default));
        Assert.Equal("no scenario file or stored scenario named nosuchid", ex.Message);
    }

    internal static string Scenario(params string[] options) => $$"""
        {
          "name": "Resolver test",
          "currency": "USD",
          "horizonMonths": 12,
          "workload": { "requestsPerMonth": 100000, "inputTokensPerRequest": 500, "outputTokensPerRequest": 100 },
          "options": [ {{string.Join(",\n", options)}} ]
        }
        """;

    private static void AssertCatalog(CostModel.Evaluation.InputValue input, double value, string reference, string asOf)
    {
        Assert.Equal(value, input.Value, 9);
        Assert.Equal(OriginKind.Catalog, input.Origin.Kind);
        Assert.StartsWith(reference, input.Origin.Reference, StringComparison.Ordinal);
        Assert.Equal(asOf, input.Origin.AsOf);
        Assert.False(string.IsNullOrWhiteSpace(input.Origin.Source));
    }
}
