using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Planner.CostModel.Inputs;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;
using Planner.Web.Components.Layout;
using Planner.Reports.Localization;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests.Localization;

/// <summary>The resource convention of docs/decisions/025-localization.md: one pair of .resx per component, found by type.</summary>
public sealed class ResourceTests : MudTestContext
{
    private static string Resources => Path.Combine(SourceTree.Web, "Resources");

    [Fact]
    public void A_component_localizer_serves_the_Chinese_string_under_zh_CN_and_the_English_one_otherwise()
    {
        var localizer = Services.GetRequiredService<IStringLocalizer<NavMenu>>();
        using (new CultureScope("zh-CN"))
        {
            var text = localizer["ScenarioEditor"];
            Assert.False(text.ResourceNotFound, $"no resource found at {text.SearchedLocation}");
            Assert.Equal("场景编辑器", text.Value);
        }
        using (new CultureScope("en"))
        {
            Assert.Equal("Scenario editor", localizer["ScenarioEditor"].Value);
        }
    }

    [Fact]
    public void The_navigation_renders_in_Chinese_under_zh_CN()
    {
        using var culture = new CultureScope("zh-CN");
        var cut = Render<NavMenu>();
        Assert.Contains("场景编辑器", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("方案比较", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Scenario editor", cut.Markup, StringComparison.Ordinal);
    }

    public static TheoryData<string> ResourcePairs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Resources, "*.resx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (!file.EndsWith(".zh-CN.resx", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(Resources, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ResourcePairs))]
    public void Each_resource_file_has_a_Chinese_twin_with_the_same_keys_and_no_empty_values(string neutral)
    {
        var path = Path.Combine(Resources, neutral);
        var chinese = Path.ChangeExtension(path, null) + ".zh-CN.resx";
        Assert.True(File.Exists(chinese), $"{neutral} has no zh-CN twin");
        var english = Entries(path);
        var zh = Entries(chinese);
        Assert.Empty(english.Keys.Except(zh.Keys).Select(k => "missing in zh-CN: " + k));
        Assert.Empty(zh.Keys.Except(english.Keys).Select(k => "only in zh-CN: " + k));
        Assert.Empty(english.Concat(zh).Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => "empty: " + e.Key));
    }

    [Fact]
    public void Every_Chinese_resource_file_has_an_English_twin()
    {
        // The cost model's words are not here: their one table is src/Reports/Resources/CostModelText.zh-CN.resx, which the PDF reads too.
        var lonely = Directory.EnumerateFiles(Resources, "*.zh-CN.resx", SearchOption.AllDirectories)
            .Where(f => !File.Exists(f.Replace(".zh-CN.resx", ".resx", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Resources, f));
        Assert.Empty(lonely);
    }

    [Fact]
    public void Every_input_field_option_kind_value_model_and_phrase_has_a_Chinese_text_and_none_is_left_over()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var keys = CostModelText.AllLabelKeys().ToList();
        Assert.Empty(keys.Where(k => CostModelText.Translated("label:" + k.Key, zh) is null).Select(k => "no zh-CN label: " + k.Key));
        var units = keys.Select(k => k.Field.Unit).Distinct(StringComparer.Ordinal).ToList();
        Assert.Empty(units.Where(u => CostModelText.Translated("unit:" + u, zh) is null).Select(u => "no zh-CN unit: " + u));

        Assert.Empty(CostModelText.NameKeys().Where(k => CostModelText.Translated(k, zh) is null).Select(k => "no zh-CN name: " + k));
        // Every field's and metric's help sentence (the tooltips).
        Assert.Empty(CostModelText.HelpKeys().Where(k => CostModelText.Translated(k, zh) is null).Select(k => "no zh-CN help: " + k));

        // Every phrase the cost model words (problems, notes, sizings), with the same placeholders as its English.
        var phrases = ProblemWordingTests.AllPhrases;
        Assert.True(phrases.Count > 40, $"{phrases.Count} phrases");
        Assert.Empty(phrases.GroupBy(p => p.Code, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => "code used twice: " + g.Key));
        foreach (var phrase in phrases)
        {
            var chinese = CostModelText.Translated("phrase:" + phrase.Code, zh);
            Assert.True(chinese is not null, $"no zh-CN phrase: {phrase.Code} (\"{phrase.English}\")");
            Assert.Equal(Placeholders(phrase.English), Placeholders(chinese!));
        }

        var written = Entries(Path.Combine(SourceTree.Root, "src", "Reports", "Resources", "CostModelText.zh-CN.resx")).Keys;
        var expected = keys.Select(k => "label:" + k.Key).Concat(units.Select(u => "unit:" + u)).Concat(CostModelText.NameKeys())
            .Concat(phrases.Select(p => "phrase:" + p.Code)).Concat(CostModelText.HelpKeys())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Empty(written.Where(k => !expected.Contains(k)).Select(k => "stale: " + k));
    }

    [Fact]
    public void A_problem_the_cost_model_words_as_a_phrase_shows_in_Chinese_under_zh_CN_and_as_the_CLI_prints_it_otherwise()
    {
        var scenario = Example() with { HorizonMonths = 0 };
        var problem = ScenarioValidator.Validate(scenario).Single(p => p.Path == "horizonMonths");
        using (new CultureScope("zh-CN"))
        {
            Assert.Equal("horizonMonths 必须 >= 1 且 <= 600（输入为 0）", CostModelText.Problem(problem));
            Assert.Equal("horizonMonths 必须 >= 1 且 <= 600（输入为 0）", ScenarioProblems.At([problem], "horizonMonths"));
        }
        using (new CultureScope("en"))
        {
            Assert.Equal(problem.Message, CostModelText.Problem(problem));
            Assert.Equal("horizonMonths must be >= 1 and <= 600 (got 0)", problem.Message);
        }
    }

    [Fact]
    public void The_evidence_guard_refusal_shows_in_Chinese_under_zh_CN_with_nested_phrases()
    {
        var problem = EvidenceGuard.Check("options[1].throughputFrom", "cloud", "H100 SXM", EvidenceDevice.Cpu("Test CPU 9000"), "run 'r1'")!;
        using (new CultureScope("zh-CN"))
        {
            Assert.Equal("options[1].throughputFrom 被拒绝：run 'r1' 是在 CPU（Test CPU 9000）上测得的，而选项“cloud”运行在 H100 SXM 上；"
                + "CPU 的吞吐量不能说明 GPU 的吞吐量。请使用在以下设备上测得的运行：H100 SXM；或使用推算结果", CostModelText.Problem(problem));
        }
        using (new CultureScope("en"))
        {
            Assert.Equal("options[1].throughputFrom is refused: run 'r1' was measured on a CPU (Test CPU 9000), and option 'cloud' runs on H100 SXM; "
                + "a CPU's throughput says nothing about a GPU's. Use a run measured on H100 SXM, or a projection", CostModelText.Problem(problem));
        }
    }

    private static List<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void An_option_field_shows_its_kind_label_in_Chinese_and_the_table_label_in_English()
    {
        var scenario = Example();
        var input = ScenarioInputs.List(scenario).First(i => i.OptionId is not null && i.Field.Name == "annualPriceChange"
            && scenario.Options.Single(o => o.Id == i.OptionId).Kind == OptionKind.OnPrem);
        using (new CultureScope("zh-CN"))
        {
            Assert.Equal("服务器价格年变化", CostModelText.Label(input));
            Assert.Equal("% 每年", InputEntry.Unit(input.Field, scenario.Currency));
        }
        using (new CultureScope("en"))
        {
            Assert.Equal("Annual server price change", CostModelText.Label(input));
            Assert.Equal("% per year", InputEntry.Unit(input.Field, scenario.Currency));
        }
    }

    [Fact]
    public void Numbers_months_and_times_follow_the_interface_culture_and_money_keeps_the_scenario_currency()
    {
        var moment = new DateTime(2026, 12, 2, 13, 5, 0, DateTimeKind.Utc);
        using (new CultureScope("zh-CN"))
        {
            Assert.Equal("-$1,234,568", Display.Money(-1_234_567.8, "USD"));
            Assert.Equal("€12.50", Display.Money(12.5, "EUR", 2));
            Assert.Equal("第 7 个月", Display.Month(7));
            Assert.Equal("超出规划期", Display.Month(null));
            Assert.Equal("2026年12月2日 13:05 UTC", Display.Timestamp(moment));
            Assert.Equal("2026年12月2日 13:05:00 UTC", Display.Timestamp(moment, seconds: true));
            Assert.Equal("$0.12/kWh", Display.Input(0.12, "¤/kWh", "USD"));
            Assert.Equal("3 倍", Display.Input(3, "ratio", "USD"));
        }
        using (new CultureScope("en"))
        {
            Assert.Equal("-$1,234,568", Display.Money(-1_234_567.8, "USD"));
            Assert.Equal("month 7", Display.Month(7));
            Assert.Equal("2026-12-02 13:05 UTC", Display.Timestamp(moment));
            Assert.Equal("2026-12-02 13:05:00 UTC", Display.Timestamp(moment, seconds: true));
            Assert.Equal("3 ratio", Display.Input(3, "ratio", "USD"));
        }
        using (new CultureScope("de-DE"))
        {
            // Grouping and decimal marks come from the culture (a culture the interface does not offer shows it best).
            Assert.Equal("1.234,50", Display.Number(1234.5, 2));
        }
    }

    private static Dictionary<string, string> Entries(string resx) =>
        XDocument.Load(resx).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);
}
