using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Reports.Localization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Planner.Reports.IntegrationTests;

/// <summary>Reports in Chinese (zh-CN) beside English: real PDFs written with SkiaSharp and read back with PdfPig.</summary>
public sealed partial class PdfReportLanguageTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    private static readonly ReportOptions Chinese = new() { Language = ReportLanguage.SimplifiedChinese, ScenarioVersion = 7 };

    [Fact]
    public async Task A_Chinese_report_prints_its_headings_table_headers_chart_labels_and_footer_in_Chinese()
    {
        var input = Scenarios.Input(Scenarios.SixtyMonths());
        var pages = await WriteAsync(input, Chinese);
        var all = Squash(string.Concat(pages.Select(p => p.Text)));

        foreach (var heading in new[] { "各选项累计现金", "按类别的月度成本", "平准化成本与需求", "决定结论的因素", "假设", "基准测试证据", "方法论附录" })
        {
            Assert.Contains(heading, all, StringComparison.Ordinal);
        }
        var first = Squash(pages[0].Text);
        foreach (var header in new[] { "选项", "总成本", "现值", "每百万token", "IRR（年化）", "回收期" })
        {
            Assert.Contains(header, first, StringComparison.Ordinal);
        }
        // The charts draw their axis titles and legends in Chinese too (ScottPlot with a CJK font).
        Assert.Contains("月份", all, StringComparison.Ordinal);
        Assert.Contains("累计现金（USD）", all, StringComparison.Ordinal);
        Assert.Contains("首月请求数（对数刻度）", all, StringComparison.Ordinal);
        // Labels the cost model writes in English are translated: inputs, units and origins in the assumptions.
        Assert.Contains("每月请求数（首月）", all, StringComparison.Ordinal);
        Assert.Contains("方案中输入", all, StringComparison.Ordinal);
        Assert.Contains(Squash(new ReportBuilder(TimeProvider.System).RecommendationSentence(input, ReportLanguage.SimplifiedChinese)), first, StringComparison.Ordinal);
        Assert.StartsWith("推荐：", new ReportBuilder(TimeProvider.System).RecommendationSentence(input, ReportLanguage.SimplifiedChinese), StringComparison.Ordinal);
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"第{i + 1}页，共{pages.Count}页", Squash(pages[i].Text), StringComparison.Ordinal);
            Assert.Contains(Squash($"方案 {input.Evaluation.Scenario} v7 · 生成于 2026年11月23日 09:30:00 UTC"), Squash(pages[i].Text), StringComparison.Ordinal);
        }
        // English headings are gone; the methodology itself follows in its one English document.
        Assert.DoesNotContain(Squash("Monthly cost by category"), all, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("Cumulative cash by option"), all, StringComparison.Ordinal);
        Assert.Contains(Squash("m = (1 + r)^(1/12) - 1"), all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Chinese_report_is_titled_with_the_scenario_Chinese_name_and_an_English_one_with_its_own()
    {
        var example = Scenarios.Example();
        var chinese = example.Localized["zh-CN"];
        var input = Scenarios.Input(example);

        var zh = await WriteAsync(input, Chinese);
        var en = await WriteAsync(input, ReportOptions.Default);

        Assert.StartsWith(Squash(chinese.Name + chinese.Description), Squash(zh[0].Text), StringComparison.Ordinal);
        Assert.Contains(Squash($"方案 {chinese.Name} v7"), Squash(zh[^1].Text), StringComparison.Ordinal);
        Assert.StartsWith(Squash(example.Name + example.Description), Squash(en[0].Text), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Chinese_report_keeps_the_scenario_currency_and_formats_money_as_the_English_one_does()
    {
        var input = Scenarios.Input(Scenarios.SixtyMonths());
        var first = Squash((await WriteAsync(input, Chinese))[0].Text);

        foreach (var option in input.Evaluation.Options)
        {
            // zh-CN groups digits by thousands with a comma and marks decimals with a point, as English does.
            Assert.Equal(ReportFormat.Money(option.PresentValue, "USD"), ReportFormat.Money(option.PresentValue, "USD", CultureInfo.GetCultureInfo("zh-CN")));
            Assert.Contains(Squash(ReportFormat.Money(option.PresentValue, "USD")), first, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_Chinese_character_of_a_Chinese_report_is_drawn_with_a_CJK_font_and_none_is_a_missing_glyph()
    {
        var pages = await WriteAsync(Scenarios.Input(Scenarios.WithTargets()), Chinese);

        var letters = pages.SelectMany(p => p.Letters).ToList();
        var chinese = letters.Where(l => IsCjk(l.Value)).ToList();
        Assert.True(chinese.Count > 1000, $"{chinese.Count} Chinese characters");
        // A character the font lacks is drawn as glyph 0 (a box), which has no text: it extracts as nothing or U+FFFD.
        var bad = letters.Select((l, i) => (l, i)).Where(x => x.l.Value.Length == 0 || x.l.Value.Contains('\uFFFD', StringComparison.Ordinal) || x.l.Value.Any(char.IsControl)).ToList();
        Assert.True(bad.Count == 0, "letters drawn as a missing glyph (index [code points] font context):\n" + string.Join("\n", bad.Take(5).Select(x => $"{x.i} [{string.Join(",", x.l.Value.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)))}] {x.l.FontName} ctx='{string.Concat(letters.Skip(Math.Max(0, x.i - 60)).Take(120).Select(y => y.Value))}'")));
        var fonts = chinese.Select(l => l.FontName).Distinct(StringComparer.Ordinal).ToList();
        Assert.All(fonts, font => Assert.Matches("WenQuanYi|Noto.*CJK", font));
        // Every Chinese text the report's resources hold came out as the characters typed (no look-alike radicals).
        var all = string.Concat(pages.Select(p => Squash(p.Text)));
        Assert.Contains("满足延迟目标的容量", all, StringComparison.Ordinal);
        Assert.Contains("逐小时副本数（第1个月）", all, StringComparison.Ordinal);
        Assert.Contains("每天23:00", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drawing_reports_leaves_ScottPlots_process_wide_fonts_alone_so_reports_drawn_at_once_keep_their_own()
    {
        // ScottPlot's Plot.Font.Set writes Fonts.Default and Fonts.DefaultFontStyle for the whole process; a label
        // created afterwards draws with that typeface. An English report drawn beside a Chinese one (as the tests and a
        // busy server do) once made a Chinese legend entry come out in DejaVu Sans, as missing glyphs.
        var before = ScottPlot.Fonts.Default;
        await WriteAsync(Scenarios.Input(Scenarios.WithTargets()), Chinese);
        await WriteAsync(Scenarios.Input(Scenarios.WithTargets()), ReportOptions.Default);

        Assert.Equal(before, ScottPlot.Fonts.Default);
        Assert.Null(ScottPlot.Fonts.DefaultFontStyle);
    }

    [Fact]
    public async Task A_Chinese_report_words_the_latency_flag_from_the_one_table_the_web_reads()
    {
        var targeted = Scenarios.WithTargets();
        var scenario = targeted with
        {
            Options = targeted.Options.Select(o => o is ApiOption api ? api with { MeasuredTtftP95Seconds = 3.5, MeasuredItlP95Seconds = 0.02 } : o).ToList(),
        };
        var input = Scenarios.Input(scenario);
        var api = input.Evaluation.Options.Single(o => o.Latency is not null);

        var first = Squash((await WriteAsync(input, Chinese))[0].Text);

        // The phrase's figures are the English line's, and its words the table's.
        Assert.Equal("misses the latency targets: p95 time to first token 3.5 s > target 2 s", api.Latency!.Note);
        Assert.Equal("未满足延迟目标：p95 首 token 时间 3.5 秒 > 目标 2 秒", CostModelText.Phrase(api.Latency.Text, CultureInfo.GetCultureInfo("zh-CN")));
        Assert.Contains(Squash("未满足延迟目标：p95 首 token 时间 3.5 秒 > 目标 2 秒"), first, StringComparison.Ordinal);
        Assert.DoesNotContain(Squash("misses the latency targets"), first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_English_report_has_no_Chinese_text_and_the_default_language_is_English()
    {
        Assert.Equal(ReportLanguage.English, ReportOptions.Default.Language);
        var pages = await WriteAsync(Scenarios.Input(Scenarios.WithTargets()), ReportOptions.Default);

        Assert.DoesNotContain(pages.SelectMany(p => p.Letters), l => IsCjk(l.Value));
        Assert.Contains(Squash("Capacity at the latency targets"), Squash(string.Concat(pages.Select(p => p.Text))), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_English_text_has_a_Chinese_translation_with_the_same_placeholders()
    {
        var english = Entries(CultureInfo.InvariantCulture);
        var chinese = Entries(CultureInfo.GetCultureInfo("zh-CN"));

        Assert.True(english.Count > 100, $"{english.Count} English texts");
        Assert.Empty(english.Keys.Except(chinese.Keys));
        foreach (var (key, text) in english.Where(e => e.Value.Length > 0 && !e.Key.StartsWith("Footer.Timestamp", StringComparison.Ordinal)))
        {
            Assert.True(chinese[key].Length > 0, key);
            Assert.Equal(Placeholders(text), Placeholders(chinese[key]));
        }
        // The cost model's words are not translated here but in the one table the web reads too (CostModelText).
        Assert.Empty(chinese.Keys.Except(english.Keys));
    }

    public static TheoryData<OptionKind> Kinds => new(Enum.GetValues<OptionKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_option_kind_has_its_label_add_label_catalog_label_and_links_in_Chinese_in_the_one_table(OptionKind kind)
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var descriptor = OptionKinds.Of(kind);
        var keys = new[] { "kind:", "kindAdd:", "kindCatalog:" }.Select(prefix => prefix + descriptor.JsonName)
            .Concat(descriptor.OptionLinks.SelectMany(link => new[] { $"link:{descriptor.JsonName}.{link.Name}", $"linkHelp:{descriptor.JsonName}.{link.Name}" }));

        Assert.All(keys, key => Assert.True(CostModelText.Translated(key, zh) is not null, $"no Chinese text for {key}: add it to CostModelText.zh-CN.resx"));
    }

    [Fact]
    public void Every_input_label_and_unit_the_cost_model_defines_has_a_Chinese_translation_in_the_one_table()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var keys = CostModelText.AllLabelKeys().ToList();
        var fields = InputFields.Scenario.Concat(InputFields.Workload).Concat(InputFields.Benefits)
            .Concat(OptionKinds.All.SelectMany(k => k.Fields))
            .Concat(ValueModels.All.SelectMany(m => m.Fields))
            .ToList();

        Assert.True(fields.Count > 60, $"{fields.Count} fields");
        Assert.All(fields, f => Assert.Contains(keys, k => ReferenceEquals(k.Field, f)));
        Assert.All(keys, k => Assert.True(CostModelText.Translated("label:" + k.Key, zh) is not null, $"no Chinese label for {k.Key} (\"{k.Field.Label}\"): add label:{k.Key} to CostModelText.zh-CN.resx"));
        Assert.All(fields, f => Assert.True(CostModelText.Translated("unit:" + f.Unit, zh) is not null, $"no Chinese unit for {f.Name} (\"{f.Unit}\"): add unit:{f.Unit} to CostModelText.zh-CN.resx"));
        var text = ReportText.For(ReportLanguage.SimplifiedChinese);
        Assert.Equal("USD/GPU 小时", text.Unit("USD/GPU-hour", "USD"));
        var evaluation = Scenarios.Input(Scenarios.SixtyMonths()).Evaluation;
        var option = evaluation.Options.First(o => o.Kind == "onprem");
        Assert.Equal($"{option.Name}：服务器价格", text.Label(evaluation, option.Id + ".serverPrice", $"{option.Name}: Server price"));
        Assert.Equal("每月请求数（首月）", text.Label(evaluation, "workload.requestsPerMonth", "Requests per month (first month)"));
        // The notes the cost model writes as English strings come out of the same table.
        Assert.Equal("无 IRR：节省从未为正（该选项在任何月份的成本都不低于基准）", text.Term(CostModel.Evaluation.IrrNotes.NeverPositive));
        // Several proved rates: one wording, rebuilt from the rates in the report's language (ADR 039).
        var several = evaluation.Comparisons[0] with
        {
            IrrAnnual = 0.1, IrrRatesAnnual = [0.1, 0.2, 0.35], IrrNote = CostModel.Evaluation.IrrNotes.SeveralRates([0.1, 0.2, 0.35]).ToString(),
        };
        Assert.Equal("多个", text.Irr(several));
        Assert.Equal("存在多个利率（每年 10.0%, 20.0% 和 35.0%）：IRR 没有意义，请以 NPV 节省来判断该选项", text.IrrNote(several));
        var english = ReportText.For(ReportLanguage.English);
        Assert.Equal("several", english.Irr(several));
        Assert.Equal("several rates (10.0%, 20.0% and 35.0% a year): the IRR is not meaningful; judge the option by its NPV savings", english.IrrNote(several));
        // How many rates exist not settled: rebuilt from the savings' sign changes in the report's language (#16).
        var unsettled = evaluation.Comparisons[0] with { IrrAnnual = 0.1, IrrRatesAnnual = null, IrrSignChanges = 3, IrrNote = CostModel.Evaluation.IrrNotes.MultipleRates(3).ToString() };
        Assert.Equal("节省变号 3 次，无法确定存在多少个利率；此处为牛顿法从每月 1% 出发得到的利率", text.IrrNote(unsettled));
        Assert.Equal("the savings change sign 3 times and how many rates exist could not be settled; this is the one Newton's method reaches from 1% a month", english.IrrNote(unsettled));
    }

    [Theory]
    [InlineData("en", ReportLanguage.English)]
    [InlineData("EN", ReportLanguage.English)]
    [InlineData("zh-CN", ReportLanguage.SimplifiedChinese)]
    [InlineData("zh-cn", ReportLanguage.SimplifiedChinese)]
    [InlineData("fr", null)]
    [InlineData("zh", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_language_tag_is_en_or_zh_CN(string? tag, ReportLanguage? expected) => Assert.Equal(expected, ReportLanguages.Parse(tag));

    [Theory]
    [InlineData("zh-CN", ReportLanguage.SimplifiedChinese)]
    [InlineData("zh-Hans", ReportLanguage.SimplifiedChinese)]
    [InlineData("zh-TW", ReportLanguage.SimplifiedChinese)]
    [InlineData("en-US", ReportLanguage.English)]
    [InlineData("de-DE", ReportLanguage.English)]
    [InlineData("", ReportLanguage.English)]
    public void A_user_interface_culture_picks_the_report_language(string culture, ReportLanguage expected) =>
        Assert.Equal(expected, ReportLanguages.FromCulture(CultureInfo.GetCultureInfo(culture)));

    private static Dictionary<string, string> Entries(CultureInfo culture)
    {
        var manager = new ResourceManager("Planner.Reports.Resources.ReportText", typeof(ReportBuilder).Assembly);
        using var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no resources for {culture.Name}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static List<string> Placeholders(string format) =>
        Placeholder().Matches(format).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();

    private static bool IsCjk(string value) => value.EnumerateRunes().Any(r => r.Value is >= 0x3000 and <= 0x9FFF or >= 0xFF00 and <= 0xFFEF);

    private static async Task<List<Page>> WriteAsync(ReportInput input, ReportOptions options)
    {
        using var buffer = new MemoryStream();
        await new ReportBuilder(new FixedTime(GeneratedAt)).WritePdfAsync(input, buffer, options, null, CancellationToken.None);
        var pdf = PdfDocument.Open(buffer.ToArray());
        return pdf.GetPages().ToList();
    }

    /// <summary>Text without whitespace: PdfPig joins positioned glyphs without reconstructing every space.</summary>
    private static string Squash(string text) => Whitespace().Replace(text, "");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
