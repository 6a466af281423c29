using Microsoft.Extensions.DependencyInjection;
using Planner.Data.Catalogs;
using Planner.Web.Components.Shared;

namespace Planner.Web.ComponentTests;

/// <summary>Issue 15: the catalogs page in words and units, numbers with separators, sources linked and dated, old rows flagged.</summary>
public sealed class CatalogPanelTests : MudTestContext
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private IRenderedComponent<CatalogPanel> RenderCatalog(ICatalogKind kind, DateTimeOffset today)
    {
        Services.AddSingleton<TimeProvider>(new FixedTime(today));
        var cut = Render<CatalogPanel>(p => p.Add(x => x.Kind, kind));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll($"[data-testid=catalog-{kind.Name}] tbody tr")), Patience);
        return cut;
    }

    [Fact]
    public void Gpu_columns_are_headed_in_words_with_units_and_figures_have_thousands_separators()
    {
        var cut = RenderCatalog(CatalogKinds.Gpus, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("Memory bandwidth (GB/s)", cut.Find("th[data-column=bandwidthGbPerS]").TextContent);
        Assert.Equal("Board power (W)", cut.Find("th[data-column=tdpW]").TextContent);
        var headers = cut.FindAll("th[data-column]").Select(h => h.GetAttribute("data-column")).ToList();
        Assert.Equal(["name", "asOf", "source"], headers.Take(3));
        Assert.DoesNotContain("sourceUrl", headers);
        var a100 = cut.FindAll("tbody tr").First(r => r.TextContent.Contains("NVIDIA A100 SXM 80GB", StringComparison.Ordinal));
        Assert.Equal("2,039", a100.QuerySelector("td[data-column=bandwidthGbPerS]")!.TextContent);
        Assert.Equal("312", a100.QuerySelector("td[data-column=bf16DenseTflops]")!.TextContent);
    }

    [Fact]
    public void Sources_are_links_and_rows_older_than_a_year_are_flagged_stale()
    {
        var cut = RenderCatalog(CatalogKinds.CloudOffers, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        var p4d = cut.FindAll("tbody tr").First(r => r.TextContent.Contains("aws-p4d-24xlarge-ondemand", StringComparison.Ordinal));
        var link = p4d.QuerySelector("td[data-column=source] a")!;
        Assert.Equal("https://aws.amazon.com/ec2/instance-types/p4/", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Equal("true", p4d.GetAttribute("data-stale"));
        Assert.NotNull(p4d.QuerySelector("[data-testid=stale]"));
    }

    [Fact]
    public void A_row_dated_within_the_last_year_is_not_flagged()
    {
        var cut = RenderCatalog(CatalogKinds.CloudOffers, new DateTimeOffset(2023, 12, 1, 0, 0, 0, TimeSpan.Zero));

        var p4d = cut.FindAll("tbody tr").First(r => r.TextContent.Contains("aws-p4d-24xlarge-ondemand", StringComparison.Ordinal));
        Assert.Equal("false", p4d.GetAttribute("data-stale"));
        Assert.Null(p4d.QuerySelector("[data-testid=stale]"));
    }

    [Fact]
    public void A_bad_row_edit_shows_each_problem_under_its_field_with_the_column_in_words_and_the_allowed_range()
    {
        var cut = RenderCatalog(CatalogKinds.Gpus, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));
        var a100 = cut.FindAll("tbody tr").ToList().FindIndex(r => r.TextContent.Contains("NVIDIA A100 SXM 80GB", StringComparison.Ordinal));
        cut.FindAll("tbody tr")[a100].QuerySelector("button[aria-label='Edit row']")!.Click();

        cut.Find("[data-testid=row-editor] [data-field=bandwidthGbPerS] input").Change("fast");
        cut.Find("[data-testid=row-editor] [data-field=tdpW] input").Change("-5");
        cut.FindAll("[data-testid=row-editor] button").First(b => b.TextContent.Contains("Save row", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() =>
        {
            var bandwidth = cut.Find("[data-testid=row-editor] [data-field=bandwidthGbPerS]");
            Assert.NotNull(bandwidth.QuerySelector(".planner-field-error"));
            Assert.Contains("Memory bandwidth (GB/s) must be a number", bandwidth.TextContent, StringComparison.Ordinal);
            Assert.Contains("(got 'fast')", bandwidth.TextContent, StringComparison.Ordinal);
            var power = cut.Find("[data-testid=row-editor] [data-field=tdpW]");
            Assert.Contains("Board power (W) must be a number", power.TextContent, StringComparison.Ordinal);
            Assert.Contains("(got '-5')", power.TextContent, StringComparison.Ordinal);
        }, Patience);
        // Import wording (rows, columns by CSV name, "nothing was imported") is not shown for a form; the row is not saved.
        Assert.DoesNotContain("nothing was imported", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=row-problems]"));
        Assert.Contains("2,039", cut.FindAll("tbody tr")[a100].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void In_Chinese_the_columns_their_descriptions_and_a_bad_edits_problems_are_in_Chinese_with_the_range()
    {
        using var culture = new Localization.CultureScope("zh-CN");
        var cut = RenderCatalog(CatalogKinds.Gpus, new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("显存带宽（GB/s）", cut.Find("th[data-column=bandwidthGbPerS]").TextContent);
        Assert.Equal("显存带宽", cut.Find("th[data-column=bandwidthGbPerS]").GetAttribute("title"));
        Assert.Equal("来源", cut.Find("th[data-column=source]").TextContent);
        var a100 = cut.FindAll("tbody tr").ToList().FindIndex(r => r.TextContent.Contains("NVIDIA A100 SXM 80GB", StringComparison.Ordinal));
        cut.FindAll("tbody tr")[a100].QuerySelector("button[aria-label='编辑行']")!.Click();

        cut.Find("[data-testid=row-editor] [data-field=bandwidthGbPerS] input").Change("fast");
        cut.Find("[data-testid=row-editor] [data-field=tdpW] input").Change("");
        cut.FindAll("[data-testid=row-editor] button").First(b => b.TextContent.Contains("保存行", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("显存带宽（GB/s） 必须是数值，且 >= 0、<= 1,000,000（输入为“fast”）",
                cut.Find("[data-testid=row-editor] [data-field=bandwidthGbPerS]").TextContent, StringComparison.Ordinal);
            Assert.Contains("板卡功耗（W） 必须是数值，且 >= 0、<= 100000（当前为空）",
                cut.Find("[data-testid=row-editor] [data-field=tdpW]").TextContent, StringComparison.Ordinal);
        }, Patience);
    }
}
