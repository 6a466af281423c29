using Microsoft.Extensions.DependencyInjection;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.Web.Components.Pages;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>Issue 15, "Reading it": every input and result explains itself and links to its formula in the methodology.</summary>
public sealed class HelpTextTests : MudTestContext
{
    private static IEnumerable<InputField> EveryInputField() =>
        InputFields.Scenario.Concat(InputFields.Workload).Concat(InputFields.Benefits)
            .Concat(ValueModels.All.SelectMany(model => model.Fields))
            .Concat(OptionKinds.All.SelectMany(kind => kind.Fields));

    private MethodologyPage Methodology() =>
        Services.GetRequiredService<MethodologyDocument>().RenderAsync(CancellationToken.None).GetAwaiter().GetResult();

    [Fact]
    public void Every_input_field_and_result_metric_has_one_sentence_of_help_and_an_anchor_that_is_a_methodology_heading()
    {
        var headings = Methodology().Contents.Select(h => h.Id).ToHashSet(StringComparer.Ordinal);
        var described = EveryInputField().Select(f => (f.Name, f.Help, Anchor: f.MethodologyAnchor))
            .Concat(ResultMetrics.All.Select(m => (m.Name, m.Help, Anchor: m.MethodologyAnchor)))
            .ToList();

        Assert.True(described.Count > 40, $"only {described.Count} fields and metrics found");
        foreach (var (name, help, anchor) in described)
        {
            Assert.False(string.IsNullOrWhiteSpace(help), $"{name} has no help text");
            Assert.EndsWith(".", help, StringComparison.Ordinal);
            Assert.True(headings.Contains(anchor), $"{name} links to methodology#{anchor}, which is not a heading id of docs/methodology.md");
        }
    }

    [Fact]
    public void The_methodology_page_has_a_table_of_contents_linking_to_every_section_heading()
    {
        var page = Methodology();

        var cut = Render<Methodology>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=methodology-contents] a")), Patience);
        var links = cut.FindAll("[data-testid=methodology-contents] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("methodology#comparison-with-the-baseline", links);
        Assert.Contains("methodology#on-premises-owned-servers", links);
        foreach (var heading in page.Contents)
        {
            Assert.Contains($"methodology#{heading.Id}", links);
            var element = cut.Find($"article [id='{heading.Id}']");
            Assert.Contains(heading.Text, element.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_number_field_of_the_editor_form_shows_its_help_linked_to_its_formula()
    {
        var scenario = Example();
        var inputs = ScenarioInputs.List(scenario);

        var cut = Render<NumberInput>(p => p.Add(x => x.Scenario, scenario).Add(x => x.Input, inputs.First(i => i.Field.Name == "peakToAverage")));

        var help = cut.Find("[data-help-for=peakToAverage]");
        Assert.Equal("methodology#on-premises-owned-servers", help.GetAttribute("href"));
        Assert.Contains("busiest hour", help.GetAttribute("aria-label"), StringComparison.Ordinal);
        foreach (var input in inputs)
        {
            var field = Render<NumberInput>(p => p.Add(x => x.Scenario, scenario).Add(x => x.Input, input));
            var link = field.Find($"[data-help-for='{input.Field.Name}']");
            Assert.Equal($"methodology#{input.Field.MethodologyAnchor}", link.GetAttribute("href"));
            Assert.Contains(input.Field.Help, link.GetAttribute("aria-label"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_editor_shows_each_value_model_field_of_a_template_with_its_help()
    {
        foreach (var template in new[] { "visual-inspection", "predictive-maintenance", "line-optimization" })
        {
            var scenario = Example(template);
            var inputs = ScenarioInputs.List(scenario).Where(i => i.Key.Count(c => c == '.') == 2 && i.Key.StartsWith("benefits.", StringComparison.Ordinal)).ToList();

            Assert.NotEmpty(inputs);
            foreach (var input in inputs)
            {
                var field = Render<NumberInput>(p => p.Add(x => x.Scenario, scenario).Add(x => x.Input, input));
                var link = field.Find($"[data-help-for='{input.Field.Name}']");
                Assert.Equal("methodology#value-models", link.GetAttribute("href"));
                Assert.Contains(input.Field.Help, link.GetAttribute("aria-label"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Results_headings_carry_the_metrics_help_and_link_to_their_formulas()
    {
        var evaluation = CostEngine.Evaluate(Example());

        var cut = Render<ResultsPanel>(p => p.Add(x => x.Evaluation, evaluation));

        foreach (var metric in new[] { ResultMetrics.PresentValue, ResultMetrics.LevelizedCost, ResultMetrics.PeakGpus, ResultMetrics.NpvSavings, ResultMetrics.Irr, ResultMetrics.Payback, ResultMetrics.BreakEven })
        {
            var link = cut.Find($"th [data-help-for='{metric.Name}']");
            Assert.Equal($"methodology#{metric.MethodologyAnchor}", link.GetAttribute("href"));
            Assert.Contains(metric.Help, link.GetAttribute("aria-label"), StringComparison.Ordinal);
        }
    }
}
