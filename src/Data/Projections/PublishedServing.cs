using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Serving;
using Planner.Data.Catalogs;
using Planner.Data.Entities;

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
        ["id", "model", "gpu", "gpus", "precision", "engine", "preset", "schedulerSteps", "kvAllocation", "stepTokens", "chunkedPrefill", "kvPrecision", "tool", "inputTokens", "outputTokens", "concurrency", "rate", "requests", "ttftMs", "itlMs", "outputTokensPerSecond", "statistic", "itlStatistic", "notModelled", "source", "sourceUrl", "retrieved"];

    /// <summary>Reads the set; every bad field is a problem naming its row and column.</summary>
    /// <exception cref="InputException">A missing column or a bad field (all of them listed).</exception>
    public static IReadOnlyList<PublishedServingCase> Read(string? path = null)
    {
        using var file = new StreamReader(path ?? DefaultPath);
        var cases = new List<PublishedServingCase>();
        var problems = new List<string>();
        foreach (var (line, text) in NamedColumnsCsv.Rows(file, FileName, Columns))
        {
            double Number(string column, double min, double max)
            {
                if (double.TryParse(text(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
                {
                    return value;
                }
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"row {line}, column {column}: must be a number >= {min} and <= {max} (got '{text(column)}')"));
                return min;
            }
            int Whole(string column, int min, int max) => (int)Number(column, min, max);
            // A case's load: clients (closed loop) or a request rate (Poisson), exactly one of them.
            var (hasClients, hasRate) = (text("concurrency").Length > 0, text("rate").Length > 0);
            if (hasClients == hasRate)
            {
                problems.Add($"row {line}, columns concurrency and rate: give exactly one of them");
            }
            string Statistic(string column)
            {
                var statistic = text(column);
                if (statistic is not ("mean" or "median"))
                {
                    problems.Add($"row {line}, column {column}: must be mean or median (got '{statistic}')");
                }
                return statistic;
            }
            if (!KvAllocations.TryParse(text("kvAllocation"), out var kvAllocation))
            {
                problems.Add($"row {line}, column kvAllocation: must be one of {KvAllocations.Names} (got '{text("kvAllocation")}')");
            }
            var chunked = text("chunkedPrefill") switch
            {
                "yes" => true,
                "no" => false,
                var other => BadChunked(other),
            };
            bool BadChunked(string got)
            {
                problems.Add($"row {line}, column chunkedPrefill: must be yes or no (got '{got}')");
                return true;
            }
            if (!text("sourceUrl").StartsWith("https://", StringComparison.Ordinal))
            {
                problems.Add($"row {line}, column sourceUrl: must be an https:// address");
            }
            cases.Add(new PublishedServingCase(text("id"), text("model"), text("gpu"), Whole("gpus", 1, FleetSettings.MaxGpusPerReplica), text("precision"),
                text("engine"), text("preset"), Whole("schedulerSteps", 1, FleetSettings.MaxSchedulerSteps), kvAllocation,
                Whole("stepTokens", 1, FleetSettings.MaxChunkTokens), chunked, text("kvPrecision"), text("tool"), Whole("inputTokens", 1, ServingLoad.MaxTokens), Whole("outputTokens", 1, ServingLoad.MaxTokens),
                hasClients ? Whole("concurrency", 1, ServingLoad.MaxConcurrency) : null, hasRate ? Number("rate", 0.001, ServingLoad.MaxRate) : null,
                Whole("requests", 1, ServingLoad.MaxRequestsLimit), Number("ttftMs", 0.001, 1e7),
                Number("itlMs", 0.001, 1e6), Number("outputTokensPerSecond", 0.001, 1e9), Statistic("statistic"), Statistic("itlStatistic"), text("notModelled"), text("source"), text("sourceUrl"), text("retrieved")));
        }
        InputException.ThrowIfAny(problems);
        return cases;
    }

    /// <summary>
    /// Replays every case in the simulator with step times projected from the catalogs' model and GPU
    /// (<see cref="ProjectionService.Request"/>, the case's format, KV-cache format, preset and lengths).
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
            KvPrecision = c.KvPrecision.Length > 0 ? c.KvPrecision : null,
            Engine = c.Preset,
            InputTokens = c.InputTokens,
            OutputTokens = c.OutputTokens,
        }, field => $"case {c.Id} {field}"))).ToList();
    }
}
