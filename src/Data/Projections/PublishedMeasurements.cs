using System.Globalization;
using CsvHelper;
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
        using var parser = CsvReader.Create(reader, new CsvReaderOptions { Separator = ',', HasHeader = false }, leaveOpen: true);
        if (!parser.Read())
        {
            throw new InputException($"{FileName}: empty; the header must be {string.Join(",", Columns)}");
        }
        var header = Enumerable.Range(0, parser.FieldCount).Select(parser.GetString).ToArray();
        var missing = Columns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            throw new InputException($"{FileName}: the header lacks {string.Join(", ", missing)}");
        }
        var position = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c), StringComparer.Ordinal);
        var cases = new List<MeasuredCase>();
        var problems = new List<string>();
        var row = 1;
        while (parser.Read())
        {
            row++;
            var fields = Enumerable.Range(0, parser.FieldCount).Select(parser.GetString).ToArray();
            var rowProblems = new List<string>();
            string Text(string column) => position[column] < fields.Length ? fields[position[column]].Trim() : "";
            int Integer(string column, int min, int max)
            {
                if (int.TryParse(Text(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                {
                    return value;
                }
                rowProblems.Add($"row {row}, column {column}: must be a whole number >= {min} and <= {max} (got '{Text(column)}')");
                return min;
            }
            Precision Format(string column)
            {
                try
                {
                    return Precisions.Parse(Text(column), column);
                }
                catch (InputException ex)
                {
                    rowProblems.Add($"row {row}, {ex.Message}");
                    return Precision.Bf16;
                }
            }
            var id = Integer("id", 1, 1_000_000);
            var precisions = new TensorPrecisions(Format("precision"), Format("activationPrecision"), Format("kvPrecision"));
            if (!Metrics.TryGetValue(Text("metric"), out var metric))
            {
                rowProblems.Add($"row {row}, column metric: must be one of outputTokensPerSecondPerGpu, timeToFirstTokenMs, batchLatencyMs (got '{Text("metric")}')");
            }
            if (!double.TryParse(Text("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || !double.IsFinite(value))
            {
                rowProblems.Add($"row {row}, column value: must be a number > 0 (got '{Text("value")}')");
            }
            var split = Text("split");
            if (split is not ("train" or "held-out"))
            {
                rowProblems.Add($"row {row}, column split: must be train or held-out (got '{split}')");
            }
            foreach (var column in new[] { "model", "gpu", "engine", "source", "sourceUrl", "asOf" }.Where(c => Text(c).Length == 0))
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
                Model = Text("model"),
                Gpu = Text("gpu"),
                Gpus = gpus,
                Precisions = precisions,
                Batch = batch,
                InputTokens = input,
                OutputTokens = output,
                Engine = Text("engine"),
                EngineVersion = Text("engineVersion"),
                Setting = Text("setting"),
                Metric = metric,
                Value = value,
                Unit = Text("unit"),
                HeldOut = split == "held-out",
                Source = Text("source"),
                SourceUrl = Text("sourceUrl"),
                AsOf = Text("asOf"),
            });
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems.Select(InputProblem.General).ToList());
        }
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
        if (problems.Count > 0)
        {
            throw new InputException(problems.Select(InputProblem.General).ToList());
        }
        return resolved;
    }
}
