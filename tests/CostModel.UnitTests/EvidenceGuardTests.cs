using Planner.CostModel.Inputs;

namespace Planner.CostModel.UnitTests;

public class EvidenceGuardTests
{
    [Theory]
    [InlineData("NVIDIA H100 80GB HBM3", "H100")]
    [InlineData("H100 SXM", "H100")]
    [InlineData("H100 PCIe", "H100")]
    [InlineData("NVIDIA A100-SXM4-80GB", "A100")]
    [InlineData("A100 80GB SXM", "A100")]
    [InlineData("NVIDIA L40S", "L40S")]
    [InlineData("AMD Instinct MI300X", "MI300X")]
    [InlineData("NVIDIA A10G", "A10G")]
    [InlineData("NVIDIA RTX 6000 Ada Generation", "6000")]
    public void Gpu_class_is_the_chip_whatever_the_vendor_memory_or_form_factor(string name, string expected)
    {
        Assert.Equal(expected, EvidenceGuard.GpuClass(name));
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
    public void Another_gpu_class_is_refused_and_the_same_class_accepted()
    {
        var refused = EvidenceGuard.Check("options[0].throughputFrom", "cloud", "H100 SXM", EvidenceDevice.OfGpu("NVIDIA A100-SXM4-80GB"), "the projection");

        Assert.Equal("options[0].throughputFrom is refused: the projection is for a A100 (NVIDIA A100-SXM4-80GB), and option 'cloud' runs on H100 SXM (a H100); "
            + "throughput does not carry from one GPU class to another. Use a run measured on, or a projection for, H100 SXM", refused!.Message);
        Assert.Null(EvidenceGuard.Check("options[0].throughputFrom", "cloud", "H100 SXM", EvidenceDevice.OfGpu("NVIDIA H100 80GB HBM3"), "run 'r1'"));
        Assert.Null(EvidenceGuard.Check("options[0].throughputFrom", "cloud", null, EvidenceDevice.OfGpu("NVIDIA L4"), "run 'r1'"));
    }
}
