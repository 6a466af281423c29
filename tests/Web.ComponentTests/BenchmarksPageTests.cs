using Microsoft.Extensions.DependencyInjection;
using Planner.Benchmarks;
using Planner.Benchmarks.Running;
using Planner.Web.Benchmarks;

namespace Planner.Web.ComponentTests;

/// <summary>Issue 15: while a benchmark runs, the page names the device actually used and each step's precision.</summary>
public sealed class BenchmarksPageTests : MudTestContext
{
    [Fact]
    public void A_running_benchmark_names_the_device_in_use_and_the_precision_of_each_step()
    {
        var queue = Services.GetRequiredService<BenchmarkRunQueue>();
        queue.Enqueue(new BenchmarkRequest("smoke", DeviceRequest.Auto));
        queue.Start(new BenchmarkRequest("smoke", DeviceRequest.Auto), CancellationToken.None);

        var cut = Render<Planner.Web.Components.Pages.Benchmarks>();
        cut.WaitForAssertion(() => Assert.Equal("Running smoke on auto", cut.Find("[data-testid=running-on]").TextContent), Patience);

        cut.InvokeAsync(() =>
        {
            queue.Report(new BenchmarkProgress(0, 3, "mlp", "small", 8, "inference", 0, "fp32", "CPU (Test CPU 9000)"));
            queue.Report(new BenchmarkProgress(1, 3, "mlp", "small", 8, "inference", 1 / 3.0, "int8", "CPU (Test CPU 9000)"));
        });

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Running smoke on CPU (Test CPU 9000)", cut.Find("[data-testid=running-on]").TextContent);
            var steps = cut.Find("[aria-label='Benchmark steps']").TextContent;
            Assert.Contains("mlp small fp32, batch 8, inference", steps, StringComparison.Ordinal);
            Assert.Contains("mlp small int8, batch 8, inference", steps, StringComparison.Ordinal);
        }, Patience);
    }
}
