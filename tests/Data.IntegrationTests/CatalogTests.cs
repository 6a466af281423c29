using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.Data.Catalogs;
using Planner.Data.Entities;

namespace Planner.Data.IntegrationTests;

public sealed class CatalogTests : IAsyncLifetime
{
    private readonly TempStore _temp = new();

    public Task InitializeAsync() => _temp.InitializeAsync();

    public Task DisposeAsync() => _temp.DisposeAsync();

    private CatalogService Catalogs => _temp.Store.Catalogs;

    [Fact]
    public async Task Seed_loads_every_row_of_the_shipped_csv_files_with_its_source()
    {
        foreach (var kind in CatalogKinds.All)
        {
            var lines = File.ReadAllLines(CatalogSeed.Default.PathOf(kind)).Count(l => l.Trim().Length > 0);
            var rows = await Catalogs.ListAsync(kind.Name, default);
            Assert.Equal(lines - 1, rows.Count);
            Assert.All(rows, r =>
            {
                Assert.False(string.IsNullOrWhiteSpace(r.Source));
                Assert.Equal("seed", r.UpdatedBy);
                // Prices and datasheets are recent; a model's published shape may be older (GPT-2's config is from 2019).
                Assert.True(r.AsOf.Year >= (kind == CatalogKinds.Models ? 2019 : 2023));
            });
        }
    }

    [Theory]
    [InlineData("NVIDIA H100 SXM")]
    [InlineData("H100 SXM")]
    [InlineData("h100 sxm")]
    [InlineData("  nvidia   h100 SXM ")]
    public async Task Gpu_names_match_case_insensitively_with_or_without_the_vendor(string name)
    {
        var gpu = await Catalogs.GetAsync<CatalogGpu>(name, default);
        Assert.Equal("NVIDIA H100 SXM", gpu.Name);
        Assert.Equal(989, gpu.Bf16DenseTflops);
        Assert.Equal(40625m, gpu.PurchasePriceUsd);
    }

    [Fact]
    public async Task Unknown_gpu_name_lists_close_names()
    {
        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.GetAsync<CatalogGpu>("H100", default));
        Assert.Contains("no gpus row is named 'H100'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("NVIDIA H100 SXM", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_two_vendors_share_is_ambiguous_and_lists_both()
    {
        await Catalogs.UpsertAsync(Gpu("Acme X1", "Acme"), "ann", default);
        await Catalogs.UpsertAsync(Gpu("Zeta X1", "Zeta"), "ann", default);

        var match = await Catalogs.FindAsync<CatalogGpu>("x1", default);

        Assert.False(match.Found);
        Assert.True(match.IsAmbiguous);
        Assert.Equal(["Acme X1", "Zeta X1"], match.Candidates);
    }

    [Fact]
    public async Task Kept_reads_give_way_to_a_change_by_this_store_or_by_another_process_on_the_same_file()
    {
        var before = await Catalogs.ListAsync<CatalogGpu>(default);
        Assert.Same(before, await Catalogs.ListAsync<CatalogGpu>(default));

        await Catalogs.UpsertAsync(Gpu("Acme X1", "Acme"), "ann", default);
        Assert.Contains(await Catalogs.ListAsync<CatalogGpu>(default), g => g.Name == "Acme X1");

        // Another process (the CLI beside the web app) imports into the same file: the next read has the row.
        await using (var cli = await _temp.OpenAnotherAsync())
        {
            await cli.Catalogs.UpsertAsync(Gpu("Zeta X1", "Zeta"), "bob", default);
        }
        Assert.Contains(await Catalogs.ListAsync<CatalogGpu>(default), g => g.Name == "Zeta X1");
        Assert.DoesNotContain("Zeta X1", await Catalogs.KeysForAsync(CostModel.Scenarios.ReferenceField.Gpu, default)); // no purchase price yet

        // A write straight into the database file, past every service, is seen too.
        await using (var db = _temp.CreateContext())
        {
            await db.Gpus.Where(g => g.Name == "Zeta X1").ExecuteUpdateAsync(u => u.SetProperty(g => g.PurchasePriceUsd, 1234m));
        }
        Assert.Equal(1234m, (await Catalogs.GetAsync<CatalogGpu>("Zeta X1", default)).PurchasePriceUsd);
        Assert.Contains("Zeta X1", await Catalogs.KeysForAsync(CostModel.Scenarios.ReferenceField.Gpu, default));
    }

    [Fact]
    public async Task Upsert_records_who_changed_the_row_and_when()
    {
        _temp.Time.Advance(TimeSpan.FromDays(1));
        var gpu = await Catalogs.GetAsync<CatalogGpu>("L40S", default);
        gpu.PurchasePriceUsd = 9000m;
        gpu.Source = "quote from reseller";

        var result = await Catalogs.UpsertAsync(gpu, "ann", default);

        Assert.Equal(new CatalogImportResult("gpus", 0, 1), result);
        var stored = await Catalogs.GetAsync<CatalogGpu>("L40S", default);
        Assert.Equal(9000m, stored.PurchasePriceUsd);
        Assert.Equal("ann", stored.UpdatedBy);
        Assert.Equal(_temp.Time.Now.UtcDateTime, stored.UpdatedAt);
    }

    [Fact]
    public async Task Upsert_rejects_a_row_without_source()
    {
        var gpu = Gpu("Acme X1", "Acme");
        gpu.Source = " ";
        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.UpsertAsync(gpu, "ann", default));
        Assert.Contains("column source, value ' ': must not be empty", ex.Lines[0], StringComparison.Ordinal);
        Assert.False((await Catalogs.FindAsync<CatalogGpu>("Acme X1", default)).Found);
    }

    [Fact]
    public async Task Upsert_rejects_a_row_without_an_as_of_date()
    {
        var gpu = Gpu("Acme X1", "Acme");
        gpu.AsOf = default;
        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.UpsertAsync(gpu, "ann", default));
        Assert.StartsWith("column asOf, value '0001-01-01': must be a date yyyy-MM-dd from 1990-01-01 on", ex.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_refuses_values_beyond_their_upper_bounds_naming_the_bound()
    {
        var before = await Snapshot();
        var longName = new string('x', 201);
        var csv = $"""
            name,vendor,bf16DenseTflops,fp8DenseTflops,int8DenseTops,fp4DenseTflops,memoryGb,bandwidthGbPerS,tdpW,interconnect,interconnectGbPerS,purchasePriceUsd,source,sourceUrl,asOf
            Acme X1,Acme,1e308,,,,80,2000,400,,,,Acme datasheet,,2026-01-05
            Acme X2,Acme,300,,,,80,2000,400,,,2000000000,Acme datasheet,,2026-01-05
            {longName},Acme,300,,,,80,2000,400,,,,Acme datasheet,,2026-01-05
            Acme X3,Acme,300,,,,80,2000,400,,,,{new string('s', 20_001)},,2026-01-05
            """;

        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.ImportCsvAsync("gpus", new StringReader(csv), "ann", default));

        Assert.Equal(
        [
            "row 2, column bf16DenseTflops, value '1e308': must be a number > 0 and <= 1,000,000",
            "row 3, column purchasePriceUsd, value '2000000000': must be a number >= 0 and <= 1,000,000,000 or empty",
            $"row 4, column name, value '{longName[..40]}… (201 characters)': must not be empty and at most 200 characters",
            $"row 5, column source, value '{new string('s', 40)}… (20,001 characters)': must not be empty and at most 20,000 characters",
            "gpus: 4 bad rows; nothing was imported",
        ], ex.Lines);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Import_rejects_every_bad_row_with_one_line_each_and_writes_nothing()
    {
        var before = await Snapshot();
        var csv = """
            id,provider,instance,gpu,gpusPerInstance,pricePerGpuHourUsd,pricingKind,region,source,sourceUrl,asOf
            good-one,Acme,a1,H100 SXM,8,2.10,onDemand,eu,Acme price page,,2026-01-05
            negative,Acme,a2,H100 SXM,8,-1,onDemand,eu,Acme price page,,2026-01-05
            bad-number,Acme,a3,H100 SXM,eight,2.0,spot,eu,Acme price page,,2026-01-05
            bad-date,Acme,a4,H100 SXM,8,2.0,reserved,eu,Acme price page,,5 Jan 2026
            unknown-gpu,Acme,a5,Z9000,8,2.0,spot,eu,Acme price page,,2026-01-05
            short,Acme,a6,H100 SXM,8
            """;

        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.ImportCsvAsync("cloud", new StringReader(csv), "ann", default));

        Assert.Equal(
        [
            "row 3, column pricePerGpuHourUsd, value '-1': must be a number >= 0 and <= 1,000,000,000",
            "row 4, column gpusPerInstance, value 'eight': must be a whole number >= 1 and <= 1024",
            "row 5, column asOf, value '5 Jan 2026': must be a date yyyy-MM-dd from 1990-01-01 on",
            "row 6, column gpu, value 'Z9000': unknown GPU: no gpus row is named 'Z9000'",
            "row 7, columns pricePerGpuHourUsd, pricingKind, region, source, sourceUrl, asOf: missing (the row has 5 fields, the header 11)",
            "cloud: 5 bad rows; nothing was imported",
        ], ex.Lines);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_row_saved_from_a_form_names_each_bad_field_by_column_in_words_with_its_rule_and_writes_nothing()
    {
        var before = await Snapshot();
        var csv = """
            id,provider,instance,gpu,gpusPerInstance,pricePerGpuHourUsd,pricingKind,region,source,sourceUrl,asOf
            negative,Acme,a2,H100 SXM,eight,-1,onDemand,eu,Acme price page,,2026-01-05
            """;

        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.SaveRowAsync("cloud", new StringReader(csv), "ann", default));

        var kind = CatalogKinds.Get("cloud");
        string Rule(string column) => kind.Columns.Single(c => c.Name == column).Rule.ToString();
        Assert.Equal(
        [
            ("gpusPerInstance", $"{kind.Columns.Single(c => c.Name == "gpusPerInstance").Label} {Rule("gpusPerInstance")} (got 'eight')"),
            ("pricePerGpuHourUsd", $"{kind.Columns.Single(c => c.Name == "pricePerGpuHourUsd").Label} {Rule("pricePerGpuHourUsd")} (got '-1')"),
        ], ex.Problems.Select(p => (p.Path, p.Message)));
        // The line is a phrase (label, rule, value), so the web shows it in the reader's language (tests/Web.ComponentTests, CatalogWordingTests).
        Assert.All(ex.Problems, p => Assert.True(p.WholeLine && p.Text is not null, p.Path));
        Assert.Equal("GPUs in one instance (GPUs) must be a whole number >= 1 and <= 1024 (got 'eight')", ex.Problems[0].Message);
        Assert.All(ex.Problems, p => Assert.DoesNotContain("row ", p.Message, StringComparison.Ordinal));
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Import_rejects_a_header_without_a_required_column_and_writes_nothing()
    {
        var before = await Snapshot();
        var csv = "name,vendor,bf16DenseTflops,memoryGb,bandwidthGbPerS,source,asOf\nAcme X1,Acme,100,10,100,x,2026-01-01\n";
        var ex = await Assert.ThrowsAsync<InputException>(() => Catalogs.ImportCsvAsync("gpus", new StringReader(csv), "ann", default));
        var problem = Assert.Single(ex.Lines);
        Assert.StartsWith("gpus: header lacks the required column tdpW (columns: name, vendor,", problem, StringComparison.Ordinal);
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task Import_of_good_rows_adds_new_and_replaces_same_key_rows()
    {
        var csv = """
            vendor,model,inputPerMillionUsd,outputPerMillionUsd,contextWindowTokens,source,sourceUrl,asOf
            OpenAI,GPT-4o,2.00,8.00,128000,"OpenAI pricing, 2026",https://openai.com/api/pricing/,2026-02-01
            acme,tiny,0.01,0.02,,Acme price list,,2026-02-01
            """;
        var result = await Catalogs.ImportCsvAsync("api", new StringReader(csv), "ann", default);

        Assert.Equal(new CatalogImportResult("api", 1, 1), result);
        var card = await Catalogs.GetAsync<ApiPrice>("openai/gpt-4o", default);
        Assert.Equal(2.00m, card.InputPerMillionUsd);
        Assert.Equal("OpenAI pricing, 2026", card.Source);
        // The 10 seed cards (8 in USD, 2 in CNY) and acme/tiny; the old header (no currency) reads as USD.
        Assert.Equal(11, (await Catalogs.ListAsync<ApiPrice>(default)).Count);
        Assert.Equal("USD", (await Catalogs.GetAsync<ApiPrice>("acme/tiny", default)).Currency);
        Assert.Null(card.CachedInputPerMillionUsd);
    }

    [Fact]
    public async Task Export_then_import_round_trips_every_catalog()
    {
        foreach (var kind in CatalogKinds.All)
        {
            var exported = await Catalogs.ExportCsvAsync(kind.Name, default);
            var result = await Catalogs.ImportCsvAsync(kind.Name, new StringReader(exported), "seed", default);
            Assert.Equal(0, result.Added);
            Assert.Equal(exported, await Catalogs.ExportCsvAsync(kind.Name, default));
        }

        await using var other = await PlannerStore.OpenAsync(Path.Combine(_temp.Folder, "other.db"));
        foreach (var kind in CatalogKinds.All)
        {
            Assert.Equal(await Catalogs.ExportCsvAsync(kind.Name, default), await other.Catalogs.ExportCsvAsync(kind.Name, default));
        }
    }

    [Fact]
    public async Task Export_neutralises_formula_cells_and_import_reads_them_back_as_they_were()
    {
        await Catalogs.UpsertAsync(Gpu("=HYPERLINK(A1)", "@SUM(A1)"), "ann", default);

        var exported = await Catalogs.ExportCsvAsync("gpus", default);

        Assert.Contains("\n'=HYPERLINK(A1),'@SUM(A1),", exported, StringComparison.Ordinal);
        await Catalogs.ImportCsvAsync("gpus", new StringReader(exported), "ann", default);
        var gpu = await Catalogs.GetAsync<CatalogGpu>("=HYPERLINK(A1)", default);
        Assert.Equal("@SUM(A1)", gpu.Vendor);
        Assert.Equal(exported, await Catalogs.ExportCsvAsync("gpus", default));
    }

    [Fact]
    public async Task Reload_restores_edited_seed_rows_and_keeps_added_rows()
    {
        var gpu = await Catalogs.GetAsync<CatalogGpu>("H100 SXM", default);
        gpu.TdpW = 1;
        await Catalogs.UpsertAsync(gpu, "ann", default);
        await Catalogs.UpsertAsync(Gpu("Acme X1", "Acme"), "ann", default);

        var results = await Catalogs.ReloadSeedAsync(default);

        Assert.Equal(CatalogKinds.All.Select(k => k.Name), results.Select(r => r.Catalog));
        Assert.Equal(700, (await Catalogs.GetAsync<CatalogGpu>("H100 SXM", default)).TdpW);
        Assert.True((await Catalogs.FindAsync<CatalogGpu>("Acme X1", default)).Found);
    }

    private static CatalogGpu Gpu(string name, string vendor) => new()
    {
        Name = name,
        Vendor = vendor,
        Bf16DenseTflops = 100,
        MemoryGb = 16,
        BandwidthGbPerS = 500,
        TdpW = 300,
        Source = "test datasheet",
        AsOf = new DateOnly(2026, 1, 1),
    };

    private async Task<string> Snapshot()
    {
        var parts = new List<string>();
        foreach (var kind in CatalogKinds.All)
        {
            parts.Add(await Catalogs.ExportCsvAsync(kind.Name, default));
        }
        await using var db = _temp.CreateContext();
        parts.Add(string.Join(",", await db.CloudOffers.Select(o => o.UpdatedAt).ToListAsync()));
        return string.Join("\n---\n", parts);
    }
}
