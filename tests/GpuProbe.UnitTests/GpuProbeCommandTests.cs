using Planner.CostModel;

namespace Planner.GpuProbe.UnitTests;

public class GpuProbeCommandTests
{
    [Fact]
    public async Task On_a_machine_without_cuda_the_probe_says_so_in_one_line_and_exits_2()
    {
        var shapes = WriteShapes();
        var error = new StringWriter();

        var exit = await GpuProbeCommand.RunAsync(GpuProbeCommand.Create(catalogShapes: null),
            ["--model", "llama-3-8b", "--shapes", shapes, "--cuda-lib", Path.GetTempPath()], error);

        Assert.Equal(GpuProbeCommand.BadInput, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            $"no CUDA: libcudart.so.13 or libcudart.so.12 not found in {Path.GetTempPath()} and the default library path (name the folder holding them with --cuda-lib DIR).",
            Assert.Single(lines).TrimEnd('\r'));
    }

    [Fact]
    public async Task A_cuda_lib_folder_that_does_not_exist_is_named()
    {
        var error = new StringWriter();

        var exit = await GpuProbeCommand.RunAsync(GpuProbeCommand.Create(catalogShapes: null),
            ["--model", "llama-3-8b", "--shapes", WriteShapes(), "--cuda-lib", "/no/such/folder"], error);

        Assert.Equal(GpuProbeCommand.BadInput, exit);
        Assert.Equal("--cuda-lib: no directory '/no/such/folder'.", error.ToString().Trim());
    }

    [Fact]
    public async Task Every_bad_flag_is_reported_before_cuda_is_looked_for()
    {
        var error = new StringWriter();

        var exit = await GpuProbeCommand.RunAsync(GpuProbeCommand.Create(catalogShapes: null),
            ["--model", "llama-3-70b:3", "--shapes", WriteShapes(), "--precisions", "bf16,int4", "--decode-batches", "0", "--copy-mb", "-1"], error);

        Assert.Equal(GpuProbeCommand.BadInput, exit);
        var text = error.ToString();
        Assert.Contains("--model llama-3-70b:3: 64 attention heads do not split evenly over 3 GPUs.", text, StringComparison.Ordinal);
        Assert.Contains("--precisions: 'int4' is not allowed; allowed: bf16, fp16, fp8.", text, StringComparison.Ordinal);
        Assert.Contains("--decode-batches: each batch must be between 1 and 4096, got 0.", text, StringComparison.Ordinal);
        Assert.Contains("--copy-mb: must be between 0 and 65536, got -1.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("no CUDA", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standalone_probe_needs_the_shapes_file()
    {
        var error = new StringWriter();

        var exit = await GpuProbeCommand.RunAsync(GpuProbeCommand.Create(catalogShapes: null), ["--model", "llama-3-8b"], error);

        Assert.Equal(GpuProbeCommand.BadInput, exit);
        Assert.Contains("--shapes", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_spec_names_its_tensor_parallel_slices()
    {
        var model = GpuProbeCommand.ParseModel("LLAMA-3-70B:2,4,8", [Shapes.Llama3_8b, Shapes.Llama3_70b]);

        Assert.Same(Shapes.Llama3_70b, model.Shape);
        Assert.Equal([2, 4, 8], model.TensorParallel);
        Assert.Equal([1], GpuProbeCommand.ParseModel("llama-3-8b", [Shapes.Llama3_8b]).TensorParallel);
    }

    [Fact]
    public void An_unknown_model_lists_the_known_ones()
    {
        var error = Assert.Throws<InputException>(() => GpuProbeCommand.ParseModel("llama-9", [Shapes.Llama3_8b, Shapes.Llama3_70b]));

        Assert.Equal("--model: no model shape is named 'llama-9'; known: llama-3-8b, llama-3-70b.", Assert.Single(error.Lines));
    }

    [Fact]
    public void A_list_entry_that_is_not_a_number_names_the_flag()
    {
        var error = Assert.Throws<InputException>(() => GpuProbeCommand.Numbers("1,eight", "--prefill-batches"));

        Assert.Equal("--prefill-batches: 'eight' is not a whole number; give a comma list such as 1,8,32.", Assert.Single(error.Lines));
    }

    [Fact]
    public void Shapes_are_read_as_the_catalog_writes_them()
    {
        var shapes = GpuProbeCommand.ReadShapes(WriteShapes());

        Assert.Equal([Shapes.Llama3_8b, Shapes.Llama3_70b], shapes);
    }

    [Fact]
    public void The_passes_put_prefill_first_with_batch_times_prompt_rows()
    {
        var request = new ProbeRequest { Models = [], PrefillBatches = [1, 8], PromptTokens = 512, DecodeBatches = [4] };

        Assert.Equal([("prefill", 1, (int?)512, 512L), ("prefill", 8, 512, 4096L), ("decode", 4, null, 4L)], request.Passes());
    }

    /// <summary>The two Llama shapes as `planner catalog list models --format json` writes rows (with the store's extra fields).</summary>
    private static string WriteShapes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"probe-shapes-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            [
              {"name": "llama-3-8b", "parameters": 8030261248, "activeParameters": 8030261248, "layers": 32, "hiddenSize": 4096, "heads": 32,
               "kvHeads": 8, "headDim": 128, "vocabulary": 128256, "contextLength": 8192, "intermediateSize": 14336, "gatedMlp": true,
               "experts": 1, "activeExperts": 1, "source": "Meta Llama 3 8B config.json", "sourceUrl": null, "asOf": "2024-04-18",
               "updatedBy": "seed", "updatedAt": "2026-12-01T06:16:36.61684Z"},
              {"name": "llama-3-70b", "parameters": 70553706496, "activeParameters": 70553706496, "layers": 80, "hiddenSize": 8192, "heads": 64,
               "kvHeads": 8, "headDim": 128, "vocabulary": 128256, "contextLength": 8192, "intermediateSize": 28672, "gatedMlp": true,
               "experts": 1, "activeExperts": 1, "source": "Meta Llama 3 70B config.json", "sourceUrl": null, "asOf": "2024-04-18",
               "updatedBy": "seed", "updatedAt": "2026-12-01T06:16:36.61684Z"}
            ]
            """);
        return path;
    }
}
