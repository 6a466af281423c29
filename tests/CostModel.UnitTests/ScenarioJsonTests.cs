using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>Scenario JSON: the example file evaluates, bad input gives one exact line per problem, the writer round-trips.</summary>
public class ScenarioJsonTests
{
    /// <summary>A valid two-option scenario; <paramref name="cloud"/> is the body of options[1].</summary>
    private static string Json(string workload = "\"requestsPerMonth\": 1000000, \"inputTokensPerRequest\": 1000, \"outputTokensPerRequest\": 500",
        string api = "\"inputPricePerMillion\": 2, \"outputPricePerMillion\": 10",
        string cloud = "\"gpuHourPrice\": 2, \"prefillTokensPerGpuSecond\": 20000, \"decodeTokensPerGpuSecond\": 500",
        string top = "\"horizonMonths\": 12", string cloudId = "cloud") => $$"""
        {
          "name": "json test",
          {{top}},
          "discountRateAnnual": 0.1,
          "workload": { {{workload}} },
          "options": [
            { "id": "api", "kind": "api", {{api}} },
            { "id": "{{cloudId}}", "kind": "cloud", {{cloud}} }
          ]
        }
        """;

    private static IReadOnlyList<string> Problems(string json) => Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

    private static string ExamplePath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "examples", "support-assistant.json")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "examples", "support-assistant.json");
    }

    [Fact]
    public void The_issue_example_scenario_parses_and_evaluates()
    {
        var scenario = ScenarioJson.ReadFile(ExamplePath());
        var evaluation = CostEngine.Evaluate(scenario);

        Assert.Equal(36, scenario.HorizonMonths);
        Assert.Equal("api", evaluation.Baseline);
        Assert.Equal(["api", "cloud", "onprem"], evaluation.Options.Select(o => o.Id));
        Assert.Equal(2, evaluation.Comparisons.Count);
        Assert.All(evaluation.Options, o => Assert.Equal(37, o.Months.Count));
        Assert.All(evaluation.Options, o => Assert.Equal(ScenarioBuilder.Discounted(0.10, o.Months.Select(m => m.Cash).ToArray()), o.PresentValue, 4));
        Assert.NotNull(evaluation.BenefitsPresentValue);
        Assert.NotEmpty(evaluation.Tornado);
        Assert.Equal(evaluation.Options.MinBy(o => o.PresentValue)!.Id, evaluation.Recommendation);
        // Month 1 of the API: 2M requests x (800 x $0.50 + 250 x $1.50) / 1e6 = $1,550.
        Assert.Equal(1_550, evaluation.GetOption("api").Months[1].Usage, 9);
    }

    [Theory]
    [InlineData(", \"kvAllocation\": \"onDemand\"", CostModel.Serving.KvAllocation.OnDemand)]
    [InlineData(", \"kvAllocation\": \"reserve\"", CostModel.Serving.KvAllocation.Reserve)]
    [InlineData("", null)] // absent: reserve, and written back absent, so an older scenario reads and writes as before
    public void A_projections_kv_allocation_is_read_and_written_back(string field, CostModel.Serving.KvAllocation? expected)
    {
        var json = Json(cloud: "\"gpuHourPrice\": 2, \"throughputFrom\": { \"projection\": { \"model\": \"llama-3-70b\", \"gpu\": \"H100 SXM\"" + field + " } }");

        var scenario = ScenarioJson.Parse(json);
        var written = ScenarioJsonWriter.Write(scenario);

        Assert.Equal(expected, scenario.Options[1].References.ThroughputFrom!.Projection!.KvAllocation);
        Assert.Equal(expected, ScenarioJson.Parse(written).Options[1].References.ThroughputFrom!.Projection!.KvAllocation);
        Assert.Equal(expected is not null, written.Contains("\"kvAllocation\"", StringComparison.Ordinal));
        if (expected == CostModel.Serving.KvAllocation.OnDemand)
        {
            Assert.Contains("\"kvAllocation\":\"onDemand\"", written.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_projections_kv_allocation_outside_reserve_and_on_demand_names_the_field()
    {
        var lines = Problems(Json(cloud: "\"gpuHourPrice\": 2, \"throughputFrom\": { \"projection\": { \"model\": \"llama-3-70b\", \"gpu\": \"H100 SXM\", \"kvAllocation\": \"lazy\" } }"));

        Assert.Contains(lines, l => l.Contains("throughputFrom.projection.kvAllocation", StringComparison.Ordinal) && l.Contains("must be one of reserve, onDemand (got \"lazy\")", StringComparison.Ordinal));
    }

    [Fact]
    public void Omitted_optional_fields_take_the_documented_defaults()
    {
        var scenario = ScenarioJson.Parse(Json(cloud: "\"gpuHourPrice\": 2, \"prefillTokensPerGpuSecond\": 20000, \"decodeTokensPerGpuSecond\": 500"));
        var cloud = (CloudOption)scenario.Options[1];

        Assert.Equal("api", scenario.Baseline);
        Assert.Equal(1, scenario.Workload.PeakToAverage);
        Assert.Equal(1, cloud.TargetUtilization);
        Assert.Equal(0, cloud.MinGpus);
        Assert.Equal(0, cloud.FixedMonthly);
        Assert.Equal(0, scenario.Workload.MonthlyGrowth);

        var onPrem = (OnPremOption)ScenarioJson.Parse(Json(cloud: "\"serverPrice\": 1, \"gpusPerServer\": 8, \"serverPowerKw\": 10, \"depreciationYears\": 4, \"decodeTokensPerGpuSecond\": 500, \"prefillTokensPerGpuSecond\": 20000")
            .Replace("\"kind\": \"cloud\"", "\"kind\": \"onprem\"", StringComparison.Ordinal)).Options[1];
        Assert.Equal(10, onPrem.EffectiveIdlePowerKw);
        Assert.Equal(1, onPrem.ResaleValueFraction);
        Assert.Equal(1, onPrem.MinServers);
        Assert.Equal(1, onPrem.Pue);
        Assert.Equal(1, onPrem.TargetUtilization);
    }

    [Fact]
    public void Utilization_above_one_is_rejected_naming_the_path_and_range()
    {
        var problems = Problems(Json(cloud: "\"gpuHourPrice\": 2, \"decodeTokensPerGpuSecond\": 500, \"prefillTokensPerGpuSecond\": 20000, \"targetUtilization\": 1.5"));

        Assert.Equal(["options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)"], problems);
    }

    [Fact]
    public void A_negative_price_is_rejected()
    {
        var problems = Problems(Json(api: "\"inputPricePerMillion\": -2, \"outputPricePerMillion\": 10"));

        Assert.Equal(["options[0].inputPricePerMillion must be >= 0 and <= 1,000,000 (got -2)"], problems);
    }

    [Fact]
    public void A_zero_horizon_is_rejected()
    {
        Assert.Equal(["horizonMonths must be >= 1 and <= 600 (got 0)"], Problems(Json(top: "\"horizonMonths\": 0")));
    }

    [Fact]
    public void Duplicate_option_ids_are_rejected()
    {
        Assert.Equal(["options[1].id \"api\" is used by an earlier option; ids must be unique"], Problems(Json(cloudId: "api")));
    }

    [Fact]
    public void A_string_where_a_number_belongs_is_rejected()
    {
        var problems = Problems(Json(cloud: "\"gpuHourPrice\": \"two\", \"decodeTokensPerGpuSecond\": 500, \"prefillTokensPerGpuSecond\": 20000"));

        Assert.Equal(["options[1].gpuHourPrice must be a number or a distribution object (got string \"two\")"], problems);
    }

    [Fact]
    public void An_infinite_number_is_rejected()
    {
        var problems = Problems(Json(workload: "\"requestsPerMonth\": 1e999, \"outputTokensPerRequest\": 500"));

        Assert.Equal(["workload.requestsPerMonth must be a finite number (got 1e999)"], problems);
    }

    [Fact]
    public void A_missing_required_field_is_rejected_with_its_range()
    {
        Assert.Equal(["workload.requestsPerMonth is required (must be >= 0 and <= 1,000,000,000,000)"], Problems(Json(workload: "\"outputTokensPerRequest\": 500")));
        Assert.Equal(["options[1].gpuHourPrice is required (must be >= 0 and <= 100000, or give cloudOffer)"],
            Problems(Json(cloud: "\"decodeTokensPerGpuSecond\": 500, \"prefillTokensPerGpuSecond\": 20000")));
        Assert.Equal(["options[1].prefillTokensPerGpuSecond is required (must be >= 0.001 and <= 1,000,000,000, or give throughputFrom)"],
            Problems(Json(cloud: "\"gpuHourPrice\": 2, \"decodeTokensPerGpuSecond\": 500")));
    }

    [Fact]
    public void An_unknown_field_is_rejected_listing_the_known_ones()
    {
        var problems = Problems(Json(workload: "\"requestsPerMonth\": 1, \"requestPerMonth\": 2"));

        Assert.Equal(["workload.requestPerMonth is not a field of a workload (known: requestsPerMonth, monthlyGrowth, inputTokensPerRequest, outputTokensPerRequest, peakToAverage, ttftP95Seconds, itlP95Seconds, weekendDayVolume, cachedInputShare, batchShare, hourlyShares, weekendHourlyShares, model, modelParametersBillions)"], problems);
    }

    [Fact]
    public void Several_range_problems_are_reported_together_one_line_each()
    {
        var problems = Problems(Json(
            top: "\"horizonMonths\": 0",
            api: "\"inputPricePerMillion\": -2, \"outputPricePerMillion\": 10",
            cloud: "\"gpuHourPrice\": 2, \"decodeTokensPerGpuSecond\": 500, \"prefillTokensPerGpuSecond\": 20000, \"targetUtilization\": 1.5"));

        Assert.Equal(
        [
            "horizonMonths must be >= 1 and <= 600 (got 0)",
            "options[0].inputPricePerMillion must be >= 0 and <= 1,000,000 (got -2)",
            "options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)",
        ], problems);
    }

    [Fact]
    public void Type_and_range_problems_in_one_file_are_all_reported()
    {
        // A wrong type and an out-of-range value at once: the user should see both, not one per attempt.
        var problems = Problems(Json(
            api: "\"inputPricePerMillion\": \"two\", \"outputPricePerMillion\": 10",
            cloud: "\"gpuHourPrice\": 2, \"decodeTokensPerGpuSecond\": 500, \"prefillTokensPerGpuSecond\": 20000, \"targetUtilization\": 1.5"));

        Assert.Contains("options[0].inputPricePerMillion must be a number or a distribution object (got string \"two\")", problems);
        Assert.Contains("options[1].targetUtilization must be >= 0.01 and <= 1 (got 1.5)", problems);
    }

    [Fact]
    public void Written_scenarios_read_back_to_the_same_evaluation()
    {
        var original = ScenarioJson.ReadFile(ExamplePath()) with
        {
            Sensitivity = new SensitivitySettings
            {
                Ranges = new Dictionary<string, SensitivityRange> { ["cloud.gpuHourPrice"] = new(1.5, 4) },
            },
        };
        var again = ScenarioJson.Parse(ScenarioJsonWriter.Write(original));

        var a = CostEngine.Evaluate(original);
        var b = CostEngine.Evaluate(again);
        Assert.Equal(PlannerJson.Serialize(a with { Inputs = [] }), PlannerJson.Serialize(b with { Inputs = [] }));
        Assert.Equal(a.Inputs.Select(i => (i.Key, i.Value)), b.Inputs.Select(i => (i.Key, i.Value)));
    }

    [Fact]
    public void Onprem_options_round_trip_including_an_explicit_idle_power()
    {
        var original = ScenarioBuilder.Scenario(24, 0.08, ScenarioBuilder.Workload(5_000_000, 1_000, 500, 0.02, 2),
            ScenarioBuilder.Api(), ScenarioBuilder.OnPrem() with { ServerIdlePowerKw = 3, Pue = 1.4, ResaleValueFraction = 0.3, MinServers = 2 });
        var again = ScenarioJson.Parse(ScenarioJsonWriter.Write(original));

        Assert.Equal(PlannerJson.Serialize(CostEngine.Evaluate(original) with { Inputs = [] }),
            PlannerJson.Serialize(CostEngine.Evaluate(again) with { Inputs = [] }));
    }

    [Fact]
    public void Serving_run_references_read_and_write_back_with_their_load()
    {
        var json = Json(api: "\"inputPricePerMillion\": 2, \"outputPricePerMillion\": 10, \"latencyFrom\": { \"run\": \"e1\", \"concurrency\": 8 }",
            cloud: "\"gpuHourPrice\": 2, \"prefillTokensPerGpuSecond\": 20000, \"decodeTokensPerGpuSecond\": 500, \"capacityFrom\": { \"run\": \"s1\", \"rate\": 2.5 }");

        var scenario = ScenarioJson.Parse(json);
        var again = ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario));

        Assert.Equal(new ServingRunReference { Run = "e1", Concurrency = 8 }, again.Options[0].References.LatencyFrom);
        Assert.Equal(new ServingRunReference { Run = "s1", Rate = 2.5 }, again.Options[1].References.CapacityFrom);
        Assert.Null(again.Options[1].References.LatencyFrom);
    }

    [Fact]
    public void A_serving_run_reference_with_a_bad_load_or_on_the_wrong_option_kind_is_refused_naming_the_field()
    {
        Assert.Equal(
        [
            "options[1].capacityFrom.rate must be > 0 and <= 10000 requests/s (got 0)",
            "options[1].capacityFrom.concurrency must be a whole number >= 1 and <= 1024 (got 2.5)",
        ], Problems(Json(cloud: "\"gpuHourPrice\": 2, \"prefillTokensPerGpuSecond\": 20000, \"decodeTokensPerGpuSecond\": 500, \"capacityFrom\": { \"run\": \"s1\", \"rate\": 0, \"concurrency\": 2.5 }")));
        Assert.Equal(["options[1].capacityFrom names rate and concurrency; name one of them (the load of the run's serving result to take)"],
            Problems(Json(cloud: "\"gpuHourPrice\": 2, \"prefillTokensPerGpuSecond\": 20000, \"decodeTokensPerGpuSecond\": 500, \"capacityFrom\": { \"run\": \"s1\", \"rate\": 1, \"concurrency\": 2 }")));
        Assert.Equal(["options[1].capacityFrom.run is required"],
            Problems(Json(cloud: "\"gpuHourPrice\": 2, \"prefillTokensPerGpuSecond\": 20000, \"decodeTokensPerGpuSecond\": 500, \"capacityFrom\": { \"rate\": 1 }")));
    }

    [Fact]
    public void The_served_model_and_a_model_size_override_round_trip()
    {
        var json = Json(workload: "\"requestsPerMonth\": 1000000, \"inputTokensPerRequest\": 1000, \"outputTokensPerRequest\": 500, \"model\": \"our-70b\", \"modelParametersBillions\": 70.5",
            cloud: "\"gpuHourPrice\": 2, \"throughputFrom\": { \"run\": \"r1\", \"model\": \"gpt-decoder\", \"overrideModelSize\": \"pilot figure\" }");

        var scenario = ScenarioJson.Parse(json);
        var again = ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario));

        Assert.Equal("our-70b", again.Workload.Model);
        Assert.Equal(70.5, again.Workload.ModelParametersBillions);
        Assert.Equal("pilot figure", again.Options[1].References.ThroughputFrom!.OverrideModelSize);
        Assert.Equal(ScenarioJsonWriter.Write(scenario), ScenarioJsonWriter.Write(again));
    }

    [Fact]
    public void A_scenario_without_a_served_model_writes_none()
    {
        var written = ScenarioJsonWriter.Write(ScenarioJson.Parse(Json()));

        Assert.DoesNotContain("\"model\"", written, StringComparison.Ordinal);
        Assert.Null(ScenarioJson.Parse(written).Workload.Model);
    }

    [Fact]
    public void Served_model_and_override_out_of_bounds_are_named_with_their_allowed_range()
    {
        var json = Json(workload: "\"requestsPerMonth\": 1000000, \"inputTokensPerRequest\": 1000, \"outputTokensPerRequest\": 500, \"model\": \" \", \"modelParametersBillions\": 0",
            cloud: $"\"gpuHourPrice\": 2, \"throughputFrom\": {{ \"run\": \"r1\", \"model\": \"gpt-decoder\", \"overrideModelSize\": \"{new string('x', 501)}\" }}");

        Assert.Equal(
        [
            "workload.model must be a models catalog name (e.g. llama-3-70b) or a label of 1 to 200 characters (got 1 characters: \" \")",
            "workload.modelParametersBillions must be > 0 and <= 1,000,000 (billions of parameters: 70 for a 70B model) (got 0)",
            "options[1].throughputFrom.overrideModelSize must give the reason in 1 to 500 characters (got 501 characters)",
        ], Problems(json));
        Assert.Equal(["workload.modelParametersBillions must be a number (got string \"70B\")"],
            Problems(Json(workload: "\"requestsPerMonth\": 1000000, \"inputTokensPerRequest\": 1000, \"outputTokensPerRequest\": 500, \"modelParametersBillions\": \"70B\"")));
    }
}
