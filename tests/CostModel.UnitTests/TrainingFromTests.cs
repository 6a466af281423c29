using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>trainingFrom: a training run's time to target as the option's training GPU-hours per retrain.</summary>
public class TrainingFromTests
{
    [Fact]
    public void Gpu_hours_per_retrain_scale_the_time_to_target_by_the_rows_of_a_retrain()
    {
        // 90 s to the target on 160,000 rows; a retrain on 1,600,000 rows takes 10 x 90 s = 900 s = 0.25 GPU-hours.
        Assert.Equal(0.25, TrainingHours.PerRetrain(90, 160_000, 1_600_000), 12);
        // Without scaling (the same rows): 1,800 s = 0.5 GPU-hours.
        Assert.Equal(0.5, TrainingHours.PerRetrain(1_800, 3_200, 3_200), 12);
        Assert.Equal(0.1, TrainingHours.Scale(1_000, 100), 12);
    }

    [Theory]
    [InlineData(-1, 10, 10)]
    [InlineData(double.NaN, 10, 10)]
    [InlineData(1, 0, 10)]
    [InlineData(1, 10, 0)]
    public void Gpu_hours_per_retrain_refuse_a_negative_time_or_no_rows(double seconds, long trainedRows, long retrainRows)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingHours.PerRetrain(seconds, trainedRows, retrainRows));
    }

    [Fact]
    public void Cpu_training_time_for_a_gpu_option_is_refused_saying_it_is_not_gpu_time()
    {
        var problem = EvidenceGuard.CheckTraining("options[1].trainingFrom", "cloud", "H100 SXM", EvidenceDevice.Cpu("Test CPU 9000"), "run 'r1'");

        Assert.Equal("options[1].trainingFrom is refused: run 'r1' was measured on a CPU (Test CPU 9000), and option 'cloud' runs on H100 SXM; "
            + "a CPU's training time says nothing about a GPU's. Use a run measured on H100 SXM", problem!.Message);
    }

    [Fact]
    public void Training_time_on_another_gpu_model_is_refused_and_on_the_same_model_accepted()
    {
        var refused = EvidenceGuard.CheckTraining("options[0].trainingFrom", "cloud", "H100 SXM", EvidenceDevice.OfGpu("NVIDIA A100-SXM4-80GB"), "run 'r1'");

        Assert.Equal("options[0].trainingFrom is refused: run 'r1' is for an A100 (NVIDIA A100-SXM4-80GB), and option 'cloud' runs on H100 SXM (an H100); "
            + "training time does not carry from one GPU model to another. Use a run measured on H100 SXM", refused!.Message);
        Assert.Null(EvidenceGuard.CheckTraining("options[0].trainingFrom", "cloud", "H100 SXM", EvidenceDevice.OfGpu("NVIDIA H100 80GB HBM3"), "run 'r1'"));
    }

    private const string Scenario = """
        {
          "name": "training hand-off",
          "horizonMonths": 12,
          "workload": { "requestsPerMonth": 1000, "inputTokensPerRequest": 1, "outputTokensPerRequest": 0 },
          "options": [
            { "id": "cloud", "kind": "cloud", "gpuHourPrice": 2, "prefillTokensPerGpuSecond": 100, "retrainsPerMonth": 4,
              "trainingFrom": { "run": "r1", "model": "mlp", "dataset": "quality-control", "batch": 256, "rows": 1600000 } }
          ]
        }
        """;

    [Fact]
    public void Training_from_is_read_and_written_back_unchanged()
    {
        var scenario = ScenarioJson.Parse(Scenario, allowUnresolvedReferences: true);

        var reference = scenario.Options[0].References.TrainingFrom;
        Assert.Equal(new TrainingReference { Run = "r1", Model = "mlp", Dataset = "quality-control", Batch = 256, Rows = 1_600_000 }, reference);
        var again = ScenarioJson.Parse(ScenarioJsonWriter.Write(scenario), allowUnresolvedReferences: true);
        Assert.Equal(reference, again.Options[0].References.TrainingFrom);
    }

    [Fact]
    public void Training_from_needs_run_and_model_and_names_unknown_fields()
    {
        var problems = Assert.Throws<InputException>(() => ScenarioJson.Parse(
            Scenario.Replace("\"run\": \"r1\", ", "", StringComparison.Ordinal).Replace("\"batch\": 256", "\"epochs\": 3", StringComparison.Ordinal),
            allowUnresolvedReferences: true)).Lines;

        Assert.Contains(problems, p => p.StartsWith("options[0].trainingFrom.run", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("options[0].trainingFrom.epochs is not a field", StringComparison.Ordinal));
    }

    [Fact]
    public void Training_from_applies_to_options_that_run_on_gpus_and_retrain_only()
    {
        // A hybrid takes no retraining fields (ADR 024), so it takes no trainingFrom either; its other references are on-premises'.
        Assert.DoesNotContain(ReferenceField.TrainingFrom, OptionKinds.Of(OptionKind.Hybrid).References);
        Assert.Contains(ReferenceField.CapacityFrom, OptionKinds.Of(OptionKind.Hybrid).References);
        Assert.Equal("cloud and onprem", OptionKinds.AcceptingReference(ReferenceField.TrainingFrom));
        Assert.Contains(ReferenceField.TrainingFrom, OptionKinds.Of(OptionKind.Cloud).References);
        Assert.Contains(ReferenceField.TrainingFrom, OptionKinds.Of(OptionKind.OnPrem).References);
        Assert.DoesNotContain(ReferenceField.TrainingFrom, OptionKinds.Of(OptionKind.Api).References);
        Assert.Equal(ReferenceField.CloudOffer, OptionKinds.Of(OptionKind.Cloud).PricedBy);
    }
}
