using Planner.CostModel.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Planner.Benchmarks.Models;
using Planner.Benchmarks.Running;
using Planner.Benchmarks.Training;
using Planner.CostModel;

namespace Planner.Benchmarks.Profiles;

/// <summary>Finds, reads and validates benchmark profiles. Every problem names its field and the allowed values.</summary>
public static class ProfileLoader
{
    private static readonly PhraseTemplate NoProfile = new("profile.notFound", "--profile: '{0}' is neither a file nor a shipped profile; shipped: {1}.");
    private static readonly PhraseTemplate BadField = new("profile.badField", "profile {0}: field {1}: {2}");
    private static readonly PhraseTemplate EmptyProfile = new("profile.empty", "profile {0}: the file is empty or null.");

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The folder of shipped profiles: profiles/ next to the binaries (copied at build).</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "profiles");

    /// <summary>Names of the shipped profiles.</summary>
    public static IReadOnlyList<string> ShippedNames() => Directory.Exists(ShippedDirectory)
        ? Directory.GetFiles(ShippedDirectory, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToArray()
        : [];

    /// <summary>Loads a profile by shipped name (e.g. <c>smoke</c>) or by file path.</summary>
    public static BenchmarkProfile Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(ShippedDirectory, nameOrPath + ".json");
        if (!File.Exists(path))
        {
            throw new InputException(InputProblem.General(NoProfile.With(nameOrPath, string.Join(", ", ShippedNames()))));
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static BenchmarkProfile Parse(string json, string source)
    {
        BenchmarkProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<BenchmarkProfile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputProblem.General(BadField.With(source, ex.Path ?? "$", FirstSentence(ex.Message))));
        }
        if (profile is null)
        {
            throw new InputException(InputProblem.General(EmptyProfile.With(source)));
        }
        var problems = Problems(profile).Select(p => $"profile {source}: {p}").ToList();
        InputException.ThrowIfAny(problems);
        return profile;
    }

    /// <summary>Every problem with a profile's values, each starting with the field's path.</summary>
    public static IReadOnlyList<string> Problems(BenchmarkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problems = new List<string>();
        if (profile.Inference is null || profile.OnnxTraining is null || profile.MlNetTraining is null
            || profile.Inference.Any(s => s is null) || profile.OnnxTraining.Any(s => s is null) || profile.MlNetTraining.Any(s => s is null))
        {
            return ["inference, onnxTraining, mlNetTraining: must be arrays of objects (omit a list rather than setting it to null)."];
        }
        if (string.IsNullOrWhiteSpace(profile.Name))
        {
            problems.Add("name: must not be empty.");
        }
        if (!DeviceRequestNames.All.Contains(profile.Device))
        {
            problems.Add($"device: '{profile.Device}' is not allowed; allowed: auto, cpu, cuda.");
        }
        if (profile.Threads is null || profile.Threads.IntraOp is < 0 or > 1024 || profile.Threads.InterOp is < 0 or > 1024)
        {
            problems.Add("threads: intraOp and interOp must be between 0 and 1024 (0 = ONNX Runtime's default).");
        }
        if (profile.Measurement is null)
        {
            problems.Add("measurement: must be an object.");
        }
        else
        {
            problems.AddRange(profile.Measurement.Problems("measurement."));
        }
        if (profile.BandwidthProbeMegabytes is < 0 or > 16384)
        {
            problems.Add($"bandwidthProbeMegabytes: must be between 0 and 16384, got {profile.BandwidthProbeMegabytes}.");
        }
        if (profile.Inference.Count + profile.OnnxTraining.Count + profile.MlNetTraining.Count == 0 && profile.Serving is null)
        {
            problems.Add("inference, onnxTraining, mlNetTraining, serving: the profile measures nothing; list at least one benchmark.");
        }
        if (profile.Serving is { } serving)
        {
            ServingProblems(serving, profile.Seed, problems);
        }
        for (var i = 0; i < profile.Inference.Count; i++)
        {
            InferenceProblems(profile.Inference[i], $"inference[{i}].", problems);
        }
        for (var i = 0; i < profile.OnnxTraining.Count; i++)
        {
            OnnxTrainingProblems(profile.OnnxTraining[i], $"onnxTraining[{i}].", problems);
        }
        for (var i = 0; i < profile.MlNetTraining.Count; i++)
        {
            MlNetTrainingProblems(profile.MlNetTraining[i], $"mlNetTraining[{i}].", problems);
        }
        return problems;
    }

    private static void OnnxTrainingProblems(OnnxTrainingSpec spec, string field, List<string> problems)
    {
        if (!TrainableModels.Names.Contains(spec.Model))
        {
            problems.Add($"{field}model: '{spec.Model}' has no training graph; allowed: {string.Join(", ", TrainableModels.Names)}.");
        }
        else if (spec.Dataset is null && spec.Model != TrainableModels.Mlp)
        {
            problems.Add($"{field}dataset: model '{spec.Model}' trains on a dataset; give one of {string.Join(", ", DatasetsFor(spec.Model))}.");
        }
        else if (spec.Dataset is null)
        {
            PresetProblems(new MlpModel(), spec.Preset, field, problems);
        }
        BatchProblems(spec.BatchSizes, field, problems);
        var sequenceDataset = spec.Dataset is { } named && ManufacturingDatasets.Names.Contains(named)
            && ManufacturingDatasets.Kind(named) == DatasetKind.Sequence;
        if (spec.SequenceLength is not null && !sequenceDataset)
        {
            problems.Add($"{field}sequenceLength: only for a sequence dataset ({ManufacturingDatasets.SensorSequences}).");
        }
        else if (spec.SequenceLength is < ManufacturingDatasets.MinSequenceLength or > ManufacturingDatasets.MaxSequenceLength)
        {
            problems.Add($"{field}sequenceLength: must be between {ManufacturingDatasets.MinSequenceLength} and {ManufacturingDatasets.MaxSequenceLength}, got {spec.SequenceLength}.");
        }
        if (spec.Dataset is { } dataset)
        {
            DatasetProblems(dataset, spec.Rows, spec.TargetAuc, field, problems, spec.SequenceLength ?? ManufacturingDatasets.DefaultSequenceLength);
            if (TrainableModels.Names.Contains(spec.Model) && ManufacturingDatasets.Names.Contains(dataset)
                && TrainableModels.Takes(spec.Model) != ManufacturingDatasets.Kind(dataset))
            {
                problems.Add($"{field}dataset: model '{spec.Model}' trains on {KindName(TrainableModels.Takes(spec.Model))} ({string.Join(", ", DatasetsFor(spec.Model))}); '{dataset}' holds {KindName(ManufacturingDatasets.Kind(dataset))}.");
            }
            if (spec.Preset is not null)
            {
                problems.Add($"{field}preset: give either a preset or a dataset, not both (a dataset's classifier has the dataset's input width).");
            }
            if (spec.MaxEpochs is < 1 or > 1000)
            {
                problems.Add($"{field}maxEpochs: must be between 1 and 1000, got {spec.MaxEpochs}.");
            }
            if (spec.BatchSizes.Any(b => b > spec.Rows * 4 / 5))
            {
                problems.Add($"{field}batchSizes: each must be at most the {spec.Rows * 4 / 5} training rows (80 % of rows {spec.Rows}).");
            }
        }
        if (spec.Inference is { } inference)
        {
            TrainedInferenceProblems(inference, spec.Dataset is not null, field + "inference.", problems);
        }
        if (spec.LearningRate is <= 0 or > 10)
        {
            problems.Add($"{field}learningRate: must be above 0 and at most 10, got {spec.LearningRate}.");
        }
    }

    private static void TrainedInferenceProblems(TrainedInferenceSpec inference, bool onDataset, string field, List<string> problems)
    {
        if (!onDataset)
        {
            problems.Add($"{field[..^1]}: only for training on a dataset (a teacher batch trains no model worth measuring).");
        }
        if (inference.Precisions is null || inference.BatchSizes is null)
        {
            problems.Add($"{field}precisions, {field}batchSizes: must be arrays (omit one rather than setting it to null).");
            return;
        }
        if (inference.Precisions.Count == 0)
        {
            problems.Add($"{field}precisions: list at least one of {string.Join(", ", TrainedInferenceSpec.Allowed)}.");
        }
        foreach (var precision in inference.Precisions.Where(p => !TrainedInferenceSpec.Allowed.Contains(p)))
        {
            problems.Add($"{field}precisions: '{precision}' is not available for a trained model; allowed: {string.Join(", ", TrainedInferenceSpec.Allowed)}.");
        }
        if (inference.Precisions.Distinct().Count() != inference.Precisions.Count)
        {
            problems.Add($"{field}precisions: each precision once.");
        }
        BatchProblems(inference.BatchSizes, field, problems);
    }

    /// <summary>The dataset, its rows and the target AUC, which ML.NET and ONNX dataset training share.</summary>
    private static void DatasetProblems(string dataset, int rows, double targetAuc, string field, List<string> problems,
        int sequenceLength = ManufacturingDatasets.DefaultSequenceLength)
    {
        var known = ManufacturingDatasets.Names.Contains(dataset);
        if (!known)
        {
            problems.Add($"{field}dataset: '{dataset}' is unknown; allowed: {string.Join(", ", ManufacturingDatasets.Names)}.");
        }
        // At most 100,000,000 values (400 MB of floats): fewer rows for datasets of images or long sequences.
        var maxRows = known && sequenceLength is >= ManufacturingDatasets.MinSequenceLength and <= ManufacturingDatasets.MaxSequenceLength
            ? ManufacturingDatasets.MaxRows(dataset, sequenceLength)
            : 10_000_000;
        if (rows < 500 || rows > maxRows)
        {
            problems.Add($"{field}rows: must be between 500 and {maxRows}, got {rows}.");
        }
        if (targetAuc is <= 0.5 or >= 1)
        {
            problems.Add($"{field}targetAuc: must be above 0.5 and below 1, got {targetAuc}.");
        }
    }

    private static IEnumerable<string> DatasetsFor(string model) =>
        ManufacturingDatasets.Names.Where(d => ManufacturingDatasets.Kind(d) == TrainableModels.Takes(model));

    private static string KindName(DatasetKind kind) => kind switch
    {
        DatasetKind.Tabular => "tabular rows",
        DatasetKind.Image => "images",
        DatasetKind.Sequence => "sensor sequences",
    };

    private static void MlNetTrainingProblems(MlNetTrainingSpec spec, string field, List<string> problems)
    {
        DatasetProblems(spec.Dataset, spec.Rows, spec.TargetAuc, field, problems);
        if (spec.Trainers.Count == 0)
        {
            problems.Add($"{field}trainers: list at least one of {string.Join(", ", MlNetTrainers.Names)}.");
        }
        foreach (var trainer in spec.Trainers.Where(t => !MlNetTrainers.Names.Contains(t)))
        {
            problems.Add($"{field}trainers: '{trainer}' is unknown; allowed: {string.Join(", ", MlNetTrainers.Names)}.");
        }

        if (spec.Repetitions is < 1 or > 100)
        {
            problems.Add($"{field}repetitions: must be between 1 and 100, got {spec.Repetitions}.");
        }
    }

    private static void ServingProblems(ServingSpec serving, int seed, List<string> problems)
    {
        if (serving.Rates is null || serving.Concurrencies is null)
        {
            problems.Add("serving.rates, serving.concurrencies: must be arrays of numbers (omit one rather than setting it to null).");
            return;
        }
        if (serving.TtftMs is null != serving.ItlMs is null)
        {
            problems.Add("serving.ttftMs, serving.itlMs: give both targets or neither.");
        }
        var settings = new Serving.ServingBenchmarkSettings(serving.Preset, serving.Loads(seed), serving.MaxBatch, serving.Targets, new ThreadSettings(), seed);
        problems.AddRange(settings.Problems(ServingSpec.Field));
    }

    private static void InferenceProblems(InferenceSpec spec, string field, List<string> problems)
    {
        var model = ModelCatalog.Find(spec.Model);
        if (model is null)
        {
            problems.Add($"{field}model: '{spec.Model}' is unknown; allowed: {string.Join(", ", ModelCatalog.All.Select(m => m.Name))}.");
            return;
        }
        PresetProblems(model, spec.Preset, field, problems);
        if (spec.Precisions.Count == 0)
        {
            problems.Add($"{field}precisions: list at least one precision.");
        }
        foreach (var name in spec.Precisions)
        {
            if (!PrecisionNames.TryParse(name, out var precision) || !model.Precisions.Contains(precision))
            {
                problems.Add($"{field}precisions: '{name}' is not available for {model.Name}; allowed: {string.Join(", ", model.Precisions.Select(p => p.ToName()))}.");
            }
        }
        BatchProblems(spec.BatchSizes, field, problems);
        if (spec.SequenceLength is { } sequence && (!model.HasSequence || sequence is < 1 or > 4096))
        {
            problems.Add(model.HasSequence
                ? $"{field}sequenceLength: must be between 1 and 4096, got {sequence}."
                : $"{field}sequenceLength: {model.Name} has no sequence dimension; leave it out.");
        }
        if (spec.ContextLength is { } context && (!model.HasKvCache || context is < 1 or > 4096))
        {
            problems.Add(model.HasKvCache
                ? $"{field}contextLength: must be between 1 and 4096, got {context}."
                : $"{field}contextLength: only gpt-decoder has a KV cache; leave it out.");
        }
    }

    private static void PresetProblems(ReferenceModel model, string? preset, string field, List<string> problems)
    {
        if (preset is not null && !model.Presets.Contains(preset))
        {
            problems.Add($"{field}preset: '{preset}' is not a preset of {model.Name}; allowed: {string.Join(", ", model.Presets)}.");
        }
    }

    private static void BatchProblems(IReadOnlyList<int> batchSizes, string field, List<string> problems)
    {
        if (batchSizes.Count == 0)
        {
            problems.Add($"{field}batchSizes: list at least one batch size.");
        }
        for (var j = 0; j < batchSizes.Count; j++)
        {
            if (batchSizes[j] is < 1 or > 65536)
            {
                problems.Add($"{field}batchSizes[{j}]: must be between 1 and 65536, got {batchSizes[j]}.");
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
