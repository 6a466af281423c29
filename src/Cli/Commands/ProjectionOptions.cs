using System.CommandLine;
using Planner.CostModel.Projection;
using Planner.Data.Projections;

namespace Planner.Cli.Commands;

/// <summary>The options of <c>planner project</c> that describe what is projected (model, GPUs, formats, batch, lengths, engine).</summary>
internal sealed class ProjectionOptions
{
    public Option<string> Model { get; } = new("--model") { Description = "Models catalog name, e.g. llama-3-70b (planner catalog list models)", Required = true };

    public Option<string> Gpu { get; } = new("--gpu") { Description = "GPU catalog name, vendor prefix optional, e.g. \"H100 SXM\"", Required = true };

    public Option<int> Gpus { get; } = new("--gpus") { Description = "GPUs serving one copy of the model (tensor parallel)", DefaultValueFactory = _ => 1 };

    public Option<string> Precision { get; } = new("--precision") { Description = $"The weights' format: {Precisions.Names} (int4 is weight-only, AWQ/GPTQ)", DefaultValueFactory = _ => "bf16" };

    public Option<string?> ActivationPrecision { get; } = new("--activation-precision") { Description = "The format the products compute in; by default the engines' recipe for --precision (fp8 → fp8, int8 → int8, int4 → fp16, fp4 → fp4)" };

    public Option<string?> KvPrecision { get; } = new("--kv-precision") { Description = "The KV cache's format: fp32, bf16, fp16, fp8 or int8; by default fp8 with fp8 or fp4 weights, otherwise 16-bit" };

    public Option<int> Batch { get; } = new("--batch") { Description = "Requests in the static batch, decoded together", DefaultValueFactory = _ => 1 };

    public Option<int?> InputTokens { get; } = new("--input-tokens") { Description = "Prompt tokens per request (with --output-tokens)" };

    public Option<int?> OutputTokens { get; } = new("--output-tokens") { Description = "Generated tokens per request (with --input-tokens)" };

    public Option<int?> Context { get; } = new("--context") { Description = "Tokens per request, split evenly into input and output (instead of --input-tokens/--output-tokens); the model's context length by default" };

    public Option<string?> Engine { get; } = new("--engine") { Description = $"Efficiency preset of a serving engine, fitted to published measurements: {string.Join(", ", EnginePresets.Names)} (default {EnginePresets.DefaultName})" };

    public Option<double?> MemoryUtilization { get; } = new("--memory-utilization") { Description = "Usable share of each GPU's memory for weights, KV cache and activations, > 0 and <= 1 (default 0.90, as vLLM's gpu_memory_utilization)" };

    public IReadOnlyList<Option> All => [Model, Gpu, Gpus, Precision, ActivationPrecision, KvPrecision, Batch, InputTokens, OutputTokens, Context, Engine, MemoryUtilization];

    public ProjectionSettings Settings(ParseResult parse) => new()
    {
        Model = parse.GetRequiredValue(Model),
        Gpu = parse.GetRequiredValue(Gpu),
        Gpus = parse.GetValue(Gpus),
        Precision = parse.GetValue(Precision) ?? "bf16",
        ActivationPrecision = parse.GetValue(ActivationPrecision),
        KvPrecision = parse.GetValue(KvPrecision),
        Batch = parse.GetValue(Batch),
        ContextLength = parse.GetValue(Context),
        InputTokens = parse.GetValue(InputTokens),
        OutputTokens = parse.GetValue(OutputTokens),
        MemoryUtilization = parse.GetValue(MemoryUtilization),
    };
}
