using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Projection;
using Planner.CostModel.Projection.Validation;
using Planner.Data.Catalogs;
using Planner.Data.Entities;

namespace Planner.Data.Projections;

/// <summary>
/// The validation set: published measurements with a well-defined setup (data/validation/published-measurements.csv,
/// copied beside the assemblies under validation/ like the seed catalogs; docs/methodology.md, "Validation").
/// </summary>
public static class PublishedMeasurements
{
    public const string FileName = "published-measurements.csv";

    /// <summary>The file shipped with the app.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "validation", FileName);

    private static readonly string[] Columns =
    [
        "id", "model", "gpu", "gpus", "precision", "activationPrecision", "kvPrecision", "batch", "inputTokens", "outputTokens",
        "engine", "engineVersion", "setting", "metric", "value", "unit", "split", "source", "sourceUrl", "asOf",
    ];

    private static readonly Dictionary<string, MeasuredMetric> Metrics = new(StringComparer.Ordinal)
    {
        ["outputTokensPerSecondPerGpu"] = MeasuredMetric.OutputTokensPerSecondPerGpu,
        ["timeToFirstTokenMs"] = MeasuredMetric.TimeToFirstTokenMs,
        ["batchLatencyMs"] = MeasuredMetric.BatchLatencyMs,
    };

    /// <summary>Reads the set; every bad field is a problem naming its row and column.</summary>
    /// <exception cref="InputException">A missing column or a bad field (all of them listed).</exception>
    public static IReadOnlyList<MeasuredCase> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var cases = new List<MeasuredCase>();
        var problems = new List<string>();
        foreach (var (row, text) in NamedColumnsCsv.Rows(reader, FileName, Columns))
        {
            var rowProblems = new List<string>();
            int Integer(string column, int min, int max)
            {
                if (int.TryParse(text(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                {
                    return value;
                }
                rowProblems.Add($"row {row}, column {column}: must be a whole number >= {min} and <= {max} (got '{text(column)}')");
                return min;
            }
            Precision Format(string column)
            {
                try
                {
                    return Precisions.Parse(text(column), column);
                }
                catch (InputException ex)
                {
                    rowProblems.Add($"row {row}, {ex.Message}");
                    return Precision.Bf16;
                }
            }
            var id = Integer("id", 1, 1_000_000);
            var precisions = new TensorPrecisions(Format("precision"), Format("activationPrecision"), Format("kvPrecision"));
            if (!Metrics.TryGetValue(text("metric"), out var metric))
            {
                rowProblems.Add($"row {row}, column metric: must be one of outputTokensPerSecondPerGpu, timeToFirstTokenMs, batchLatencyMs (got '{text("metric")}')");
            }
            if (!double.TryParse(text("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
            {
                rowProblems.Add($"row {row}, column value: must be a number > 0 (got '{text("value")}')");
            }
            var split = text("split");
            if (split is not ("train" or "held-out"))
            {
                rowProblems.Add($"row {row}, column split: must be train or held-out (got '{split}')");
            }
            foreach (var column in new[] { "model", "gpu", "engine", "source", "sourceUrl", "asOf" }.Where(c => text(c).Length == 0))
            {
                rowProblems.Add($"row {row}, column {column}: must not be empty");
            }
            var gpus = Integer("gpus", 1, 1024);
            var batch = Integer("batch", 1, 1_000_000);
            var input = Integer("inputTokens", 1, 10_000_000);
            var output = Integer("outputTokens", 1, 10_000_000);
            if (rowProblems.Count > 0)
            {
                problems.AddRange(rowProblems);
                continue;
            }
            cases.Add(new MeasuredCase
            {
                Id = id,
                Model = text("model"),
                Gpu = text("gpu"),
                Gpus = gpus,
                Precisions = precisions,
                Batch = batch,
                InputTokens = input,
                OutputTokens = output,
                Engine = text("engine"),
                EngineVersion = text("engineVersion"),
                Setting = text("setting"),
                Metric = metric,
                Value = value,
                Unit = text("unit"),
                HeldOut = split == "held-out",
                Source = text("source"),
                SourceUrl = text("sourceUrl"),
                AsOf = text("asOf"),
            });
        }
        InputException.ThrowIfAny(problems);
        return cases;
    }

    /// <summary>Reads the file at <paramref name="path"/> (the shipped one when null).</summary>
    public static IReadOnlyList<MeasuredCase> Read(string? path = null)
    {
        using var reader = new StreamReader(path ?? DefaultPath);
        return Read(reader);
    }

    /// <summary>Finds every case's model and GPU in the catalogs.</summary>
    /// <exception cref="InputException">A case names a model or GPU the catalogs lack.</exception>
    public static IReadOnlyList<ResolvedCase> Resolve(IReadOnlyList<MeasuredCase> cases, IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpus)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var problems = new List<string>();
        var resolved = new List<ResolvedCase>();
        foreach (var c in cases)
        {
            var model = CatalogKinds.Models.Find(models, c.Model).Row;
            var gpu = CatalogKinds.Gpus.Find(gpus, c.Gpu).Row;
            if (model is null || gpu is null)
            {
                problems.Add($"case {c.Id}: {(model is null ? $"model '{c.Model}'" : $"gpu '{c.Gpu}'")} is not in the catalog");
                continue;
            }
            resolved.Add(new ResolvedCase(c, model.ToShape(), gpu.ToSpec()));
        }
        InputException.ThrowIfAny(problems);
        return resolved;
    }
}
