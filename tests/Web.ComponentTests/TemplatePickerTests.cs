using System.Globalization;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>The template list shows each template's name and description in the interface language.</summary>
public sealed class TemplatePickerTests : MudTestContext
{
    [Fact]
    public void In_Chinese_the_templates_show_their_Chinese_names_and_a_picked_one_starts_a_scenario_named_in_Chinese()
    {
        var example = Example();
        var chinese = example.Localized["zh-CN"];
        ScenarioTemplate? picked = null;

        var cut = InCulture("zh-CN", () => Render<TemplatePicker>(p => p.Add(x => x.OnPick, t => picked = t)));

        Assert.Contains(chinese.Name, cut.Markup, StringComparison.Ordinal);
        Assert.Contains(chinese.Description!, cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(example.Name, cut.Markup, StringComparison.Ordinal);
        Assert.Contains("用此模板新建场景", cut.Markup, StringComparison.Ordinal);
        Assert.Contains($"{example.HorizonMonths} 个月 · {example.Currency}", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("New scenario from this template", cut.Markup, StringComparison.Ordinal);
        InCulture("zh-CN", () => cut.Find("[data-testid=template-support-assistant]").Click());
        Assert.NotNull(picked);
        Assert.Equal(chinese.Name, picked.Scenario.Name);
        Assert.Equal(chinese.Description, picked.Scenario.Description);
        Assert.Empty(picked.Scenario.Localized);
    }

    [Fact]
    public void In_English_the_templates_show_their_own_names()
    {
        var example = Example();
        ScenarioTemplate? picked = null;

        var cut = InCulture("en-US", () => Render<TemplatePicker>(p => p.Add(x => x.OnPick, t => picked = t)));

        Assert.Contains(example.Name, cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(example.Localized["zh-CN"].Name, cut.Markup, StringComparison.Ordinal);
        Assert.Contains("New scenario from this template", cut.Markup, StringComparison.Ordinal);
        Assert.Contains($"requests/month · {example.HorizonMonths} months · {example.Currency}", cut.Markup, StringComparison.Ordinal);
        InCulture("en-US", () => cut.Find("[data-testid=template-support-assistant]").Click());
        Assert.Equal(example.Name, picked!.Scenario.Name);
    }

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private static void InCulture(string culture, Action action) => InCulture(culture, () =>
    {
        action();
        return 0;
    });
}
