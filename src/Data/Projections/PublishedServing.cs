using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Serving;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using CsvHelper;

namespace Planner.Data.Projections;

/// <summary>
/// The serving simulator's validation set, data/validation/published-serving.csv (docs/methodology.md, "Serving
/// validation"): one published TTFT/ITL measurement per row, with its source, and its replay in the simulator.
/// </summary>
public static class PublishedServing
{
    public const string FileName = "published-serving.csv";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "validation", FileName);

    private static readonly string[] Columns =
        ["id", "model", "gpu", "gpus", "precision", "engine", "preset", "tool", "inputTokens", "outputTokens", "concurrency", "requests", "ttftMs", "itlMs", "outputTokensPerSecond", "statistic", "source", "sourceUrl", "retrieved"];

    /// <summary>Reads the set; every bad field is a problem naming its row and column.</summary>
    /// <exception cref="InputException">A missing column or a bad field (all of them listed).</exception>
    public static IReadOnlyList<PublishedServingCase> Read(string? path = null)
    {
        using var file = new StreamReader(path ?? DefaultPath);
        using var parser = CsvReader.Create(file, new CsvReaderOptions { Separator = ',', HasHeader = false }, leaveOpen: true);
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
        var cases = new List<PublishedServingCase>();
        var problems = new List<string>();
        var line = 1;
        while (parser.Read())
        {
            line++;
            var fields = Enumerable.Range(0, parser.FieldCount).Select(parser.GetString).ToArray();
            string Text(string column) => position[column] < fields.Length ? fields[position[column]].Trim() : "";
            double Number(string column, double min, double max)
            {
                if (double.TryParse(Text(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                {
                    return value;
                }
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"row {line}, column {column}: must be a number >= {min} and <= {max} (got '{Text(column)}')"));
                return min;
            }
            int Whole(string column, int min, int max) => (int)Number(column, min, max);
            var statistic = Text("statistic");
            if (statistic is not ("mean" or "median"))
            {
                problems.Add($"row {line}, column statistic: must be mean or median (got '{statistic}')");
            }
            if (!Text("sourceUrl").StartsWith("https://", StringComparison.Ordinal))
            {
                problems.Add($"row {line}, column sourceUrl: must be an https:// address");
            }
            cases.Add(new PublishedServingCase(Text("id"), Text("model"), Text("gpu"), Whole("gpus", 1, FleetSettings.MaxGpusPerReplica), Text("precision"),
                Text("engine"), Text("preset"), Text("tool"), Whole("inputTokens", 1, ServingLoad.MaxTokens), Whole("outputTokens", 1, ServingLoad.MaxTokens),
                Whole("concurrency", 1, ServingLoad.MaxConcurrency), Whole("requests", 1, ServingLoad.MaxRequestsLimit), Number("ttftMs", 0.001, 1e7),
                Number("itlMs", 0.001, 1e6), Number("outputTokensPerSecond", 0.001, 1e9), statistic, Text("source"), Text("sourceUrl"), Text("retrieved")));
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems.Select(InputProblem.General).ToList());
        }
        return cases;
    }

    /// <summary>
    /// Replays every case in the simulator with step times projected from the catalogs' model and GPU
    /// (<see cref="ProjectionService.Request"/>, the case's format, preset and lengths).
    /// </summary>
    /// <exception cref="InputException">A case names a model or GPU the catalogs lack, or a bad format or preset.</exception>
    public static IReadOnlyList<ServingCaseError> Evaluate(IReadOnlyList<PublishedServingCase> cases, IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpus)
    {
        ArgumentNullException.ThrowIfNull(cases);
        return cases.Select(c => ServingValidation.Evaluate(c, ProjectionService.Request(models, gpus, new ProjectionSettings
        {
            Model = c.Model,
            Gpu = c.Gpu,
            Gpus = c.Gpus,
            Precision = c.Precision,
            Engine = c.Preset,
            InputTokens = c.InputTokens,
            OutputTokens = c.OutputTokens,
        }, field => $"case {c.Id} {field}"))).ToList();
    }
}
