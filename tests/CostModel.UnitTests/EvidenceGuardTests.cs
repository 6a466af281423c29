using Planner.CostModel.Inputs;

namespace Planner.CostModel.UnitTests;

public class EvidenceGuardTests
{
    [Theory]
    [InlineData("NVIDIA H100 80GB HBM3", "NVIDIA H100 SXM", true)]
    [InlineData("NVIDIA H100 PCIe", "NVIDIA H100 SXM", true)]
    [InlineData("NVIDIA A100-SXM4-80GB", "NVIDIA A100 SXM 80GB", true)]
    [InlineData("NVIDIA H200", "NVIDIA H100 SXM", false)]
    [InlineData("NVIDIA A10G", "NVIDIA A100 SXM 80GB", false)]
    [InlineData("AMD Instinct MI300X", "AMD MI300X", true)]
    [InlineData("Some Future GPU", "some future gpu", true)]
    [InlineData("Some Future GPU", "NVIDIA H100 SXM", false)]
    public void Gpus_are_the_same_when_their_model_is_whatever_the_memory_or_form_factor(string a, string b, bool same)
    {
        Assert.Equal(same, EvidenceGuard.SameGpu(a, b));
    }

    [Fact]
    public void Cpu_evidence_for_a_gpu_option_is_refused_naming_both_devices()
    {
        var problem = EvidenceGuard.Check("options[1].throughputFrom", "cloud", "H100 SXM", EvidenceDevice.Cpu("Test CPU 9000"), "run 'r1'");

        Assert.NotNull(problem);
        Assert.Equal("options[1].throughputFrom", problem.Path);
        Assert.Equal("options[1].throughputFrom is refused: run 'r1' was measured on a CPU (Test CPU 9000), and option 'cloud' runs on H100 SXM; "
            + "a CPU's throughput says nothing about a GPU's. Use a run measured on H100 SXM, or a projection", problem.Message);
    }

    [Fact]
    public void Cpu_evidence_is_refused_even_when_the_option_names_no_gpu()
    {
        var problem = EvidenceGuard.Check("options[0].throughputFrom", "onprem", null, EvidenceDevice.Cpu("Xeon"), "run 'r1'");

        Assert.Contains("option 'onprem' runs on GPUs", problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_gpu_model_is_refused_and_the_same_model_accepted()
    {
        var refused = EvidenceGuard.Check("options[0].throughputFrom", "cloud", "H100 SXM", EvidenceDevice.OfGpu("NVIDIA A100-SXM4-80GB"), "the projection");

        Assert.Equal("options[0].throughputFrom is refused: the projection is for an A100 (NVIDIA A100-SXM4-80GB), and option 'cloud' runs on H100 SXM (an H100); "
            + "throughput does not carry from one GPU model to another. Use a run measured on, or a projection for, H100 SXM", refused!.Message);
        Assert.Null(EvidenceGuard.Check("options[0].throughputFrom", "cloud", "H100 SXM", EvidenceDevice.OfGpu("NVIDIA H100 80GB HBM3"), "run 'r1'"));
        Assert.Null(EvidenceGuard.Check("options[0].throughputFrom", "cloud", null, EvidenceDevice.OfGpu("NVIDIA L4"), "run 'r1'"));
    }

    private const string Path = "options[1].throughputFrom";

    private static readonly EvidenceModel Llama70B = new("llama-3-70b", 70_553_706_496);

    /// <summary>gpt-decoder/small's parameters, counted from its graph (the models catalog's gpt-decoder-small row).</summary>
    private static readonly EvidenceModel DecoderSmall = new("gpt-decoder/small", 163_087_441);

    [Fact]
    public void A_measured_model_far_smaller_than_the_served_one_is_refused_naming_both_models_and_sizes()
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", Llama70B, DecoderSmall, projection: false, "run 'r1'", overrideReason: null);

        // 70,553,706,496 / 163,087,441 = 432.61...; half of 70.55B is 35.28B.
        Assert.NotNull(check.Refusal);
        Assert.Equal(Path, check.Refusal.Path);
        Assert.Equal("options[1].throughputFrom is refused: run 'r1' measured gpt-decoder/small (163.1M parameters), and the workload serves llama-3-70b (70.55B), "
            + "433 times larger; throughput per GPU falls about in proportion to parameters, so it would overstate option 'h100''s throughput about 433-fold "
            + "(evidence may be at most 2 times smaller). Use a run of a model of at least 35.28B parameters, or a projection of llama-3-70b, "
            + "or give options[1].throughputFrom.overrideModelSize with the reason to use it anyway", check.Refusal.Message);
    }

    [Theory]
    [InlineData(35.0e9, true)]            // 70.55 / 35 = 2.016: more than 2 times smaller
    [InlineData(35.3e9, false)]           // 1.9987: within the rule
    [InlineData(70.553706496e9, false)]   // the same size
    [InlineData(405e9, false)]            // a larger model understates throughput: conservative, accepted
    public void Measured_evidence_is_refused_exactly_when_the_served_model_has_more_than_twice_its_parameters(double evidenceParameters, bool refused)
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", Llama70B, new EvidenceModel("m/p", evidenceParameters), projection: false, "run 'r1'", null);

        Assert.Equal(refused, check.Refusal is not null);
        if (!refused)
        {
            Assert.Equal(ModelCheckOutcome.Passed, check.Outcome);
        }
    }

    [Fact]
    public void An_override_with_a_reason_accepts_the_evidence_and_records_the_reason()
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", Llama70B, DecoderSmall, projection: false, "run 'r1'", " pilot only; rerun with a 70B model ");

        Assert.Null(check.Refusal);
        Assert.Equal(ModelCheckOutcome.Overridden, check.Outcome);
        Assert.Equal("model size overridden: gpt-decoder/small (163.1M parameters) for the served llama-3-70b (70.55B), 433 times smaller, "
            + "used because \"pilot only; rerun with a 70B model\"", check.Note);
    }

    [Fact]
    public void Evidence_within_the_rule_is_noted_as_checked_and_an_unneeded_override_says_so()
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", new EvidenceModel("llama-3-8b", 8_030_261_248), new EvidenceModel("mistral-7b/base", 7_241_732_096),
            projection: false, "run 'r1'", "not needed");

        Assert.Null(check.Refusal);
        Assert.Equal("model checked: mistral-7b/base (7.24B parameters) for the served llama-3-8b (8.03B), at most 2 times smaller; the overrideModelSize given is not needed", check.Note);
    }

    [Fact]
    public void Without_a_served_model_nothing_is_refused_and_the_note_says_the_model_was_not_checked()
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", null, DecoderSmall, projection: false, "run 'r1'", null);

        Assert.Null(check.Refusal);
        Assert.Equal(ModelCheckOutcome.Unchecked, check.Outcome);
        Assert.Equal("model not checked: the workload names no served model (workload.model), so gpt-decoder/small's size was not compared with it", check.Note);
    }

    [Fact]
    public void Evidence_of_unknown_size_is_not_checked_and_says_whose_size_is_missing()
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", Llama70B, new EvidenceModel("vendor/api-model", null), projection: false, "run 'r1'", null);

        Assert.Null(check.Refusal);
        Assert.Equal("model not checked: the parameter count of vendor/api-model is not known, so vendor/api-model was not compared with the served llama-3-70b", check.Note);
    }

    [Fact]
    public void A_projection_of_another_model_is_refused_even_when_it_is_larger()
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", new EvidenceModel("llama-3-8b", 8_030_261_248), Llama70B, projection: true, "the projection", null);

        Assert.Equal("options[1].throughputFrom is refused: the projection is of llama-3-70b (70.55B parameters), and the workload serves llama-3-8b (8.03B); "
            + "a projection's throughput is its model's only. Project llama-3-8b, or give options[1].throughputFrom.overrideModelSize with the reason to use it anyway",
            check.Refusal!.Message);
    }

    [Theory]
    [InlineData("LLAMA-3-70B", 70.553706496e9, false)] // the same name, whatever the case
    [InlineData("llama-3.3-70b", 70.553706496e9, false)] // another name, the same shape's parameters
    [InlineData("our-70b", 70e9, false)]                 // 70.55 / 70 = 1.008, within 1.05
    [InlineData("llama-2-70b", 66e9, true)]              // 70.55 / 66 = 1.069
    public void A_projection_is_of_the_served_model_when_the_names_match_or_the_sizes_are_within_5_percent(string projected, double parameters, bool refused)
    {
        var check = EvidenceGuard.CheckModel(Path, "h100", Llama70B, new EvidenceModel(projected, parameters), projection: true, "the projection", null);

        Assert.Equal(refused, check.Refusal is not null);
    }

    [Theory]
    [InlineData(70_553_706_496, "70.55B")]
    [InlineData(163_087_441, "163.1M")]
    [InlineData(182_528, "182,528")]
    public void Parameter_counts_are_written_as_people_write_them(double parameters, string text)
    {
        Assert.Equal(text, EvidenceGuard.Parameters(parameters));
    }
}
