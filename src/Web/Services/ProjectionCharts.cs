using Planner.CostModel.Projection;

namespace Planner.Web.Services;

/// <summary>
/// The numbers behind the projection page's batch chart: <see cref="ThroughputProjector.Project"/> of the same model,
/// GPUs, formats, input and output lengths, memory share and efficiency at every batch size drawn. Pure functions, so tests check them against the
/// projector.
/// </summary>
public static class ProjectionCharts
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text = Planner.Web.Localization.ResourceText.For(typeof(ProjectionCharts));

    /// <summary>Series keys: decode tokens/s per GPU and ms per output token, for batches that fit and (dashed) beyond.</summary>
    public const string Decode = "decode", MsPerToken = "ms", DecodeBeyond = "decode-beyond", MsPerTokenBeyond = "ms-beyond";

    /// <summary>
    /// Decode tokens/s per GPU and ms per output token against batch size, from 1 up to the largest batch that fits
    /// (up to the chosen batch when that is larger: those points are the "beyond" series, which start at the limit so
    /// the lines join). Marks the chosen batch and the memory limit. No series when the weights alone do not fit.
    /// </summary>
    /// <param name="points">The most batch sizes drawn: every batch up to it, beyond it batches spaced evenly on a log scale.</param>
    public static ChartData BatchTradeOff(ModelShape model, GpuSpec gpu, Projection projection, int points = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(gpu);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var limit = projection.MaxBatchThatFits;
        if (limit < 1)
        {
            return new ChartData([], []);
        }
        var request = new ProjectionRequest
        {
            Model = model,
            Gpu = gpu,
            Gpus = projection.Gpus,
            InputTokens = projection.InputTokens,
            OutputTokens = projection.OutputTokens,
            Precisions = new TensorPrecisions(Precisions.Parse(projection.Precision), Precisions.Parse(projection.ActivationPrecision), Precisions.Parse(projection.KvCachePrecision)),
            Efficiency = projection.Efficiency,
            MemoryUtilization = projection.MemoryUtilization,
            KvCacheTokens = projection.KvCacheTokensPerSequence,
        };
        var projected = Batches(Math.Max(limit, projection.Batch), [projection.Batch, limit], points)
            .Select(batch => ThroughputProjector.Project(request with { Batch = batch }))
            .ToList();
        var fits = projected.Where(p => p.Batch <= limit).ToList();
        var beyond = projected.Where(p => p.Batch >= limit).ToList();
        var series = new List<ChartSeries>
        {
            Series(Decode, Text["Decode"], fits, p => p.DecodeTokensPerSecondPerGpu),
            Series(MsPerToken, Text["MsPerToken"], fits, p => p.MsPerOutputToken),
        };
        if (beyond.Count > 1)
        {
            series.Add(Series(DecodeBeyond, Text["DecodeBeyond"], beyond, p => p.DecodeTokensPerSecondPerGpu));
            series.Add(Series(MsPerTokenBeyond, Text["MsPerTokenBeyond"], beyond, p => p.MsPerOutputToken));
        }
        var markers = new List<ChartMarker> { new(limit, Text["MemoryLimit", Display.Number(limit)]) };
        if (projection.Batch != limit)
        {
            markers.Insert(0, new ChartMarker(projection.Batch, Text["Chosen", Display.Number(projection.Batch)]));
        }
        return new ChartData(series, markers);
    }

    /// <summary>
    /// Batch sizes 1..<paramref name="upTo"/>: all of them when there are at most <paramref name="points"/>, else
    /// <paramref name="points"/> spaced evenly on a log scale; <paramref name="include"/> (within the range) always, ascending, no repeats.
    /// </summary>
    public static IReadOnlyList<int> Batches(int upTo, IEnumerable<int> include, int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(upTo, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var batches = upTo <= points
            ? Enumerable.Range(1, upTo)
            : Enumerable.Range(0, points).Select(i => (int)Math.Round(Math.Pow(upTo, (double)i / (points - 1))));
        return batches.Concat(include.Where(b => b >= 1 && b <= upTo)).Distinct().Order().ToList();
    }

    private static ChartSeries Series(string key, string name, IReadOnlyList<Projection> projections, Func<Projection, double> value) =>
        new(key, name, projections.Select(p => (double)p.Batch).ToArray(), projections.Select(value).ToArray());
}
