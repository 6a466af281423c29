using System.Globalization;
using Planner.CostModel.Serving;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Projections;
using Xunit.Abstractions;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// The serving simulator against the published serving set (data/validation/published-serving.csv) with the seeded
/// catalogs of a real store; the table of errors is written to the test output and kept in docs/methodology.md.
/// </summary>
public sealed class ServingValidationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempStore _temp = new();

    /// <summary>
    /// The documented bounds (docs/methodology.md, "Serving validation") of both replays, the closed loop the benchmark
    /// ran and Poisson arrivals at the measured rate: every case's ITL within this factor of the measured one, either
    /// way, and the TTFT of the cases below the knee (<see cref="KneeConcurrency"/> clients or fewer). Past the knee the
    /// simulated replica saturates before the measured one and its TTFT is several times the measured: reported, not
    /// bounded.
    /// </summary>
    public const double BoundFactor = 2;

    public const int KneeConcurrency = 25;

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    [Fact]
    public async Task The_set_has_at_least_five_cases_each_with_its_source()
    {
        var cases = PublishedServing.Read();

        Assert.True(cases.Count >= 5, $"{cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Id).Distinct().Count());
        Assert.All(cases, c =>
        {
            Assert.StartsWith("https://", c.SourceUrl, StringComparison.Ordinal);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", c.Retrieved);
            Assert.False(string.IsNullOrWhiteSpace(c.Source));
        });
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Every_case_is_simulated_within_the_documented_bounds_at_its_measured_rate()
    {
        var catalogs = _temp.Store.Catalogs;
        var errors = PublishedServing.Evaluate(PublishedServing.Read(), await catalogs.ListAsync<CatalogModelShape>(default), await catalogs.ListAsync<CatalogGpu>(default));

        output.WriteLine("| case | model | GPUs | in/out | clients | rate req/s | TTFT measured ms | closed loop | at rate | ITL measured ms | closed loop | at rate |");
        foreach (var e in errors)
        {
            var c = e.Case;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {c.Id} | {c.Model} {c.Precision} | {c.Gpus}x {c.Gpu} | {c.InputTokens}/{c.OutputTokens} | {c.Concurrency} | {e.RatePerSecond:0.###} | {c.TtftMs:0.##} | {e.ClosedLoopTtftMs:0.#} (x{e.ClosedLoopTtftFactor:0.00}) | {e.AtRateTtftMs:0.#} (x{e.AtRateTtftFactor:0.00}) | {c.ItlMs:0.##} | {e.ClosedLoopItlMs:0.##} (x{e.ClosedLoopItlFactor:0.00}) | {e.AtRateItlMs:0.##} (x{e.AtRateItlFactor:0.00}) |"));
        }
        Assert.All(errors, e => Assert.InRange(e.AtRateItlFactor, 1 / BoundFactor, BoundFactor));
        Assert.All(errors, e => Assert.InRange(e.ClosedLoopItlFactor, 1 / BoundFactor, BoundFactor));
        var belowKnee = errors.Where(e => e.Case.Concurrency <= KneeConcurrency).ToList();
        Assert.True(belowKnee.Count >= 4, $"{belowKnee.Count} cases below the knee");
        Assert.All(belowKnee, e => Assert.InRange(e.AtRateTtftFactor, 1 / BoundFactor, BoundFactor));
        Assert.All(belowKnee, e => Assert.InRange(e.ClosedLoopTtftFactor, 1 / BoundFactor, BoundFactor));
    }
}
