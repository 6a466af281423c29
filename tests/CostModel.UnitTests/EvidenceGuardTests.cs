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
}
