using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Planner.CostModel.Projection;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Web.Components.Charts;
using Planner.Web.Services;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace Planner.Web.ComponentTests;

public sealed class ProjectionChartTests : MudTestContext
{
    private async Task<(ModelShape Model, GpuSpec Gpu)> SeedAsync(string model, string gpu)
    {
        var catalogs = Services.GetRequiredService<CatalogService>();
        return ((await catalogs.GetAsync<CatalogModelShape>(model, CancellationToken.None)).ToShape(),
            (await catalogs.GetAsync<CatalogGpu>(gpu, CancellationToken.None)).ToSpec());
    }

    private static Projection Project(ModelShape model, GpuSpec gpu, int gpus, int batch, int? context = null) =>
        ThroughputProjector.Project(model, gpu, gpus, Precision.Bf16, batch, context, Efficiency.GpuDefault);

    /// <summary>llama-3-70b bf16 on 4x H100 SXM at <paramref name="batch"/> and its chart.</summary>
    private async Task<(ModelShape Model, GpuSpec Gpu, Projection Chosen, ChartData Chart)> SeventyBillionOnFourH100Async(int batch)
    {
        var (model, gpu) = await SeedAsync("llama-3-70b", "H100 SXM");
        var chosen = Project(model, gpu, 4, batch);
        return (model, gpu, chosen, ProjectionCharts.BatchTradeOff(model, gpu, chosen));
    }

    private static double[] Numbers(IList<object> values) => values.Select(v => v is null ? double.NaN : Convert.ToDouble(v, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public async Task Decode_and_ms_per_token_series_are_the_projector_at_every_batch_up_to_the_memory_limit()
    {
        var (model, gpu, chosen, chart) = await SeventyBillionOnFourH100Async(16);

        Assert.True(chosen.Fits);
        var limit = chosen.MaxBatchThatFits;
        Assert.InRange(limit, 2, 64); // every batch is drawn
        var decode = chart.Series.Single(s => s.Key == ProjectionCharts.Decode);
        var ms = chart.Series.Single(s => s.Key == ProjectionCharts.MsPerToken);
        Assert.Equal(Enumerable.Range(1, limit).Select(b => (double)b), decode.X);
        for (var batch = 1; batch <= limit; batch++)
        {
            var expected = Project(model, gpu, 4, batch);
            Assert.Equal(expected.DecodeTokensPerSecondPerGpu, decode.Y[batch - 1], 9);
            Assert.Equal(expected.MsPerOutputToken, ms.Y[batch - 1], 9);
        }
        Assert.Equal(chosen.DecodeTokensPerSecondPerGpu, decode.Y[15], 9);
        Assert.True(Project(model, gpu, 4, limit).Fits);
        Assert.False(Project(model, gpu, 4, limit + 1).Fits);
        Assert.DoesNotContain(chart.Series, s => s.Key == ProjectionCharts.DecodeBeyond);
        Assert.Equal([16.0, limit], chart.Markers.Select(m => m.At));
        Assert.Equal("chosen: batch 16", chart.Markers[0].Label);
        Assert.Equal($"memory limit: batch {limit}", chart.Markers[1].Label);
    }

    [Fact]
    public async Task A_chosen_batch_beyond_the_limit_is_drawn_as_a_separate_series_from_the_limit_to_the_batch()
    {
        var (_, _, chosen, chart) = await SeventyBillionOnFourH100Async(100);

        Assert.False(chosen.Fits);
        var limit = chosen.MaxBatchThatFits;
        var fits = chart.Series.Single(s => s.Key == ProjectionCharts.Decode);
        var beyond = chart.Series.Single(s => s.Key == ProjectionCharts.DecodeBeyond);
        Assert.Equal(limit, fits.X[^1]);
        Assert.Equal(limit, beyond.X[0]);
        Assert.Equal(100, beyond.X[^1]);
        Assert.Equal(chosen.DecodeTokensPerSecondPerGpu, beyond.Y[^1], 9);
        Assert.Equal(chosen.MsPerOutputToken, chart.Series.Single(s => s.Key == ProjectionCharts.MsPerTokenBeyond).Y[^1], 9);
    }

    [Fact]
    public async Task Weights_that_do_not_fit_leave_the_chart_empty()
    {
        var (model, gpu) = await SeedAsync("llama-3-70b", "H100 SXM");
        var chosen = Project(model, gpu, 1, 1);
        Assert.Equal(0, chosen.MaxBatchThatFits);

        var chart = ProjectionCharts.BatchTradeOff(model, gpu, chosen);

        Assert.Empty(chart.Series);
        Assert.Empty(chart.Markers);
    }

    [Fact]
    public void Batches_beyond_the_point_count_are_log_spaced_from_one_to_the_limit_and_keep_the_chosen_batch()
    {
        var batches = ProjectionCharts.Batches(5000, [37, 5000, 9999], 64);

        Assert.Equal(1, batches[0]);
        Assert.Equal(5000, batches[^1]);
        Assert.Contains(37, batches);
        Assert.DoesNotContain(9999, batches);
        Assert.InRange(batches.Count, 50, 65);
        Assert.Equal(batches.Order().Distinct(), batches);
        Assert.Equal(Enumerable.Range(1, 10), ProjectionCharts.Batches(10, [3], 64));
    }

    [Fact]
    public async Task Chart_draws_throughput_on_the_left_axis_and_ms_per_token_on_the_right()
    {
        var (model, gpu) = await SeedAsync("llama-3-70b", "H100 SXM");
        var chosen = Project(model, gpu, 4, 8);

        var cut = Render<BatchTradeOffChart>(p => p.Add(x => x.Model, model).Add(x => x.Gpu, gpu).Add(x => x.Projection, chosen));

        var traces = cut.FindComponent<PlotlyChart>().Instance.Data.Cast<Scatter>().ToList();
        var decode = traces.Single(t => t.Name == "decode tokens/s per GPU");
        var ms = traces.Single(t => t.Name == "ms per output token");
        Assert.Equal("y", decode.YAxis);
        Assert.Equal("y2", ms.YAxis);
        Assert.Equal(cut.Instance.Chart.Series.Single(s => s.Key == ProjectionCharts.Decode).Y, Numbers(decode.Y));
        Assert.Equal(Project(model, gpu, 4, 8).MsPerOutputToken, Numbers(ms.Y)[7], 9);
        Assert.Contains(traces, t => t.Name == "chosen: batch 8" && Numbers(t.X).All(x => x == 8));
    }
}
