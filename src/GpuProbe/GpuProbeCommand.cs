using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using System.Text.Json;
using Planner.Benchmarks.Results;
using Planner.CostModel;
using Planner.CostModel.Projection;

namespace Planner.GpuProbe;

/// <summary>
/// <c>gpu-probe --model NAME[:TP,...] ... [--cuda-lib DIR] [--out DIR]</c>: the GPU probe's command line, the same in the
/// standalone bundle (<c>Planner.GpuProbe</c>) and in <c>planner bench gpu-probe</c>; see docs/benchmarking.md.
/// </summary>
public static class GpuProbeCommand
{
    /// <summary>Exit codes as every planner command uses them (0 ok, 1 no result, 2 bad input, 130 cancelled).</summary>
    public const int Ok = 0;
    public const int NoResult = 1;
    public const int BadInput = 2;
    public const int Cancelled = 130;

    /// <param name="catalogShapes">Where model shapes come from when <c>--shapes</c> is not given (the store, in the planner CLI); null in the bundle, which needs --shapes.</param>
    public static Command Create(Func<CancellationToken, Task<IReadOnlyList<ModelShape>>>? catalogShapes)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "A model shape and its tensor-parallel slices, NAME[:TP,TP,...] (default TP 1); repeat for more, e.g. --model llama-3-8b --model llama-3-70b:2,4,8",
            Required = true,
        };
        var shapes = new Option<FileInfo?>("--shapes")
        {
            Description = catalogShapes is null
                ? "Model shapes as JSON (`planner catalog list models --format json`); the bundle ships models.json"
                : "Model shapes as JSON (`planner catalog list models --format json`); default: the store's model catalog",
            Required = catalogShapes is null,
        };
        var cudaLib = new Option<string[]>("--cuda-lib") { Description = "A folder holding libcudart.so.13/.12 or libcublasLt.so.13/.12, searched before the default library path; repeat for more" };
        var precisions = new Option<string>("--precisions") { Description = "Comma list of bf16, fp16, fp8 (fp8 where the GPU has it)", DefaultValueFactory = _ => string.Join(',', MatmulShape.Precisions) };
        var prefillBatches = new Option<string>("--prefill-batches") { Description = "Comma list of sequences per prefill pass, 1-4096 (empty: no prefill)", DefaultValueFactory = _ => "1,8" };
        var promptTokens = new Option<int>("--prompt-tokens") { Description = "Tokens per sequence in a prefill pass, 1-131072", DefaultValueFactory = _ => 2048 };
        var decodeBatches = new Option<string>("--decode-batches") { Description = "Comma list of sequences per decode step, 1-4096 (empty: no decode)", DefaultValueFactory = _ => "1,8,32,128" };
        var copyMb = new Option<int>("--copy-mb") { Description = "Size of the device-to-device copy in MiB, 0-65536 (0 skips it)", DefaultValueFactory = _ => 1024 };
        var minSeconds = new Option<double>("--min-seconds") { Description = "GPU time each product is timed for at least (and 20 launches), above 0 and at most 60", DefaultValueFactory = _ => 0.1 };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for <runId>.json", DefaultValueFactory = _ => new DirectoryInfo("benchmark-results") };
        var command = new Command("gpu-probe",
            "Time the matrix products of a model's layers (prefill and decode, bf16/fp16/fp8) and device copy bandwidth through the CUDA runtime and cuBLASLt; write a results file that `planner project calibrate` turns into efficiencies.")
        {
            model, shapes, cudaLib, precisions, prefillBatches, promptTokens, decodeBatches, copyMb, minSeconds, outDir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var seconds = parse.GetValue(minSeconds);
            if (!(seconds > 0 && seconds <= 60))
            {
                throw new InputException($"--min-seconds: must be above 0 and at most 60, got {seconds.ToString(CultureInfo.InvariantCulture)}.");
            }
            var shapesFile = parse.GetValue(shapes);
            var known = shapesFile is not null ? ReadShapes(shapesFile.FullName) : await catalogShapes!(ct);
            var request = new ProbeRequest
            {
                Models = parse.GetRequiredValue(model).Select(spec => ParseModel(spec, known)).ToArray(),
                Precisions = List(parse.GetValue(precisions)),
                PrefillBatches = Numbers(parse.GetValue(prefillBatches), "--prefill-batches"),
                PromptTokens = parse.GetValue(promptTokens),
                DecodeBatches = Numbers(parse.GetValue(decodeBatches), "--decode-batches"),
                CopyMegabytes = parse.GetValue(copyMb),
                Measurement = new(WarmupIterations: 5, MinIterations: 20, MinDurationSeconds: seconds, MaxDurationSeconds: Math.Max(2, 20 * seconds)),
                CudaLibraryDirectories = parse.GetValue(cudaLib) ?? [],
            };
            var run = GpuProbeRunner.Run(request, Console.Error, TimeProvider.System, ct);
            var path = Path.Combine(parse.GetRequiredValue(outDir).FullName, run.RunId + ".json");
            BenchmarkResultsJson.Write(run, path);
            await Console.Out.WriteLineAsync(path);
            return run.Partial ? Cancelled : Ok;
        });
        return command;
    }

    /// <summary>Runs the command on its own (the bundle; --help included) with the exit codes of every planner command: 2 and one line per problem for bad input (no CUDA included), 1 when a CUDA call fails, 130 when cancelled.</summary>
    public static async Task<int> RunAsync(Command command, string[] args, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(error);
        if (!command.Options.OfType<HelpOption>().Any())
        {
            command.Options.Add(new HelpOption());
        }
        var parse = command.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }
            return BadInput;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (InputException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await error.WriteLineAsync(problem.Message);
            }
            return BadInput;
        }
        catch (NoResultException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return NoResult;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Cancelled.");
            return Cancelled;
        }
    }

    /// <summary>Model shapes from a JSON array (extra fields such as updatedBy are ignored).</summary>
    /// <exception cref="InputException">The file is missing or not an array of shapes.</exception>
    public static IReadOnlyList<ModelShape> ReadShapes(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"--shapes: no file '{path}'.");
        }
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ProbeJsonContext.Default.ModelShapeArray)
                ?? throw new InputException($"--shapes: '{path}' holds null, not an array of model shapes.");
        }
        catch (JsonException ex)
        {
            throw new InputException($"--shapes: '{path}' is not an array of model shapes: {ex.Message}");
        }
    }

    /// <summary>NAME or NAME:TP,TP,... against the known shapes (names ignore case).</summary>
    /// <exception cref="InputException">An unknown model (the known names are listed) or a bad degree.</exception>
    public static ProbeModel ParseModel(string spec, IReadOnlyList<ModelShape> known)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(known);
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? spec : spec[..colon];
        var shape = known.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"--model: no model shape is named '{name}'; known: {string.Join(", ", known.Select(s => s.Name))}.");
        var degrees = colon < 0 ? [1] : Numbers(spec[(colon + 1)..], $"--model {name}");
        return new ProbeModel(shape, degrees.Count == 0 ? [1] : degrees);
    }

    /// <summary>A comma list of whole numbers; empty text is an empty list.</summary>
    /// <exception cref="InputException">An entry is not a whole number.</exception>
    public static IReadOnlyList<int> Numbers(string? text, string flag)
    {
        var numbers = new List<int>();
        foreach (var item in List(text))
        {
            if (!int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                throw new InputException($"{flag}: '{item}' is not a whole number; give a comma list such as 1,8,32.");
            }
            numbers.Add(number);
        }
        return numbers;
    }

    private static string[] List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
