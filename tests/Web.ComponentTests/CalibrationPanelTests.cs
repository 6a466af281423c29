using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.Benchmarks;
using Planner.Benchmarks.Profiles;
using Planner.Benchmarks.Projections;
using Planner.Benchmarks.Results;
using Planner.Benchmarks.Running;
using Planner.Data.Benchmarks;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

public sealed class CalibrationPanelTests : MudTestContext
{
    /// <summary>A tiny decoder with a short measurement: a real run on this machine's CPU in a few seconds.</summary>
    private static readonly BenchmarkProfile Decoder = new()
    {
        Name = "web-calibration-test",
        Measurement = new MeasurementSettings(WarmupIterations: 1, MinIterations: 5, MinDurationSeconds: 0.05, MaxDurationSeconds: 2, MaxIterations: 10_000, MaxCv: 100),
        BandwidthProbeMegabytes = 8,
        Inference = [new InferenceSpec { Model = "gpt-decoder", Preset = "tiny", BatchSizes = [2], SequenceLength = 16, ContextLength = 32 }],
    };

    [Fact]
    public async Task Shows_the_calibrator_rows_of_the_newest_stored_run()
    {
        var run = await new BenchmarkEngine().RunAsync(Decoder, DeviceRequest.Cpu);
        await Services.GetRequiredService<BenchmarkStore>().ImportAsync(BenchmarkResultsJson.Serialize(run), "test", "test", CancellationToken.None);
        var expected = Calibrator.Calibrate(run);
        Render<MudPopoverProvider>();

        var cut = Render<CalibrationPanel>();

        cut.WaitForElement("[data-testid=calibration-rows]", Patience);
        var rows = cut.FindAll("[data-testid=calibration-rows] tbody tr");
        Assert.Equal(expected.Rows.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].QuerySelectorAll("td").Select(c => c.TextContent).ToArray();
            Assert.Equal(expected.Rows[i].Phase, cells[3]);
            Assert.Equal(Display.Number(expected.Rows[i].MeasuredTokensPerSecond), cells[5]);
            Assert.Equal(Display.Number(expected.Rows[i].ProjectedTokensPerSecond), cells[6]);
            Assert.EndsWith(Display.Number(expected.Rows[i].ErrorPercent, 1) + "%", cells[7], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_stored_runs_it_points_to_the_benchmarks_page()
    {
        var cut = Render<CalibrationPanel>();

        cut.WaitForAssertion(() => Assert.Contains("No stored benchmark run yet", cut.Find("[data-testid=calibration]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Equal("/benchmarks", cut.Find("[data-testid=calibration] a").GetAttribute("href"));
    }
}
