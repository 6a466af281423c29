using System.Globalization;
using System.Text.Json.Nodes;
using Planner.CostModel.Json;
using Planner.CostModel.Scenarios;

namespace Planner.CostModel.UnitTests;

/// <summary>A scenario's name and description in Chinese beside its own (the JSON's optional "localized" object).</summary>
public class ScenarioLocalizationTests
{
    private static string Json(string localized) => $$"""
        {
          "name": "Support assistant",
          "description": "Chat support for a retailer",
          {{localized}}
          "horizonMonths": 12,
          "workload": { "requestsPerMonth": 1000000, "inputTokensPerRequest": 1000, "outputTokensPerRequest": 500 },
          "options": [ { "id": "api", "kind": "api", "inputPricePerMillion": 2, "outputPricePerMillion": 10 } ]
        }
        """;

    private const string Chinese = "\"localized\": { \"zh-CN\": { \"name\": \"客服助手\", \"description\": \"零售商的在线客服\" } },";

    private static IReadOnlyList<string> Problems(string json) => Assert.Throws<InputException>(() => ScenarioJson.Parse(json)).Lines;

    [Fact]
    public void A_translated_name_and_description_are_read_written_after_the_description_and_read_back_the_same()
    {
        var scenario = ScenarioJson.Parse(Json(Chinese));
        Assert.Equal(new LocalizedText("客服助手", "零售商的在线客服"), scenario.Localized["zh-CN"]);

        var written = ScenarioJsonWriter.Write(scenario);
        var again = ScenarioJson.Parse(written);

        Assert.Equal(scenario.Localized.ToList(), again.Localized.ToList());
        Assert.Equal(["name", "description", "localized", "currency"], JsonNode.Parse(written)!.AsObject().Select(p => p.Key).Take(4));
        Assert.Equal(written, ScenarioJsonWriter.Write(again));
    }

    [Fact]
    public void A_scenario_without_translations_is_written_without_the_localized_object()
    {
        var scenario = ScenarioJson.Parse(Json(""));

        Assert.Empty(scenario.Localized);
        Assert.DoesNotContain("localized", ScenarioJsonWriter.Write(scenario), StringComparison.Ordinal);
    }

    [Fact]
    public void A_translation_without_a_description_keeps_the_scenario_description()
    {
        var scenario = ScenarioJson.Parse(Json("\"localized\": { \"zh-CN\": { \"name\": \"客服助手\" } },"));

        Assert.Null(scenario.Localized["zh-CN"].Description);
        Assert.Equal(new LocalizedText("客服助手", "Chat support for a retailer"), ScenarioLanguages.TextFor(scenario, CultureInfo.GetCultureInfo("zh-CN")));
        Assert.DoesNotContain("\"description\": null", ScenarioJsonWriter.Write(scenario), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN", "客服助手")]
    [InlineData("zh-Hans", "客服助手")]
    [InlineData("zh", "客服助手")]
    [InlineData("en-US", "Support assistant")]
    [InlineData("fr-FR", "Support assistant")]
    [InlineData("", "Support assistant")]
    public void The_name_for_an_interface_culture_is_its_translation_into_that_language_else_the_scenario_own(string culture, string name)
    {
        var scenario = ScenarioJson.Parse(Json(Chinese));

        Assert.Equal(name, ScenarioLanguages.TextFor(scenario, CultureInfo.GetCultureInfo(culture)).Name);
    }

    [Fact]
    public void A_language_that_is_not_offered_is_refused_naming_the_path_and_the_known_languages()
    {
        Assert.Equal(["localized[\"fr\"] is not a language a scenario is translated into (known: zh-CN)"],
            Problems(Json("\"localized\": { \"fr\": { \"name\": \"Assistant\" } },")));
    }

    [Fact]
    public void A_translation_needs_a_name_and_nothing_but_a_name_and_a_description()
    {
        Assert.Equal(["localized[\"zh-CN\"].name is required"], Problems(Json("\"localized\": { \"zh-CN\": { \"description\": \"说明\" } },")));
        Assert.Equal(["localized[\"zh-CN\"].name must not be empty"], Problems(Json("\"localized\": { \"zh-CN\": { \"name\": \" \" } },")));
        Assert.Equal(["localized[\"zh-CN\"].title is not a field of a translation (known: name, description)"],
            Problems(Json("\"localized\": { \"zh-CN\": { \"name\": \"客服助手\", \"title\": \"x\" } },")));
        Assert.Equal(["localized[\"zh-CN\"] must be an object with a name and an optional description (got string \"客服助手\")"],
            Problems(Json("\"localized\": { \"zh-CN\": \"客服助手\" },")));
    }

    [Fact]
    public void A_translated_name_or_description_over_the_text_limits_is_refused_with_its_length()
    {
        var longName = new string('名', Limits.NameLength + 1);
        var longDescription = new string('述', Limits.TextLength + 1);

        Assert.Equal(
        [
            "localized[\"zh-CN\"].name must be at most 200 characters (got 201)",
            "localized[\"zh-CN\"].description must be at most 20,000 characters (got 20,001)",
        ], Problems(Json($"\"localized\": {{ \"zh-CN\": {{ \"name\": \"{longName}\", \"description\": \"{longDescription}\" }} }},")));
    }

    [Fact]
    public void Every_example_has_a_Chinese_name_and_description()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "examples")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var examples = Directory.GetFiles(Path.Combine(directory.FullName, "examples"), "*.json");
        Assert.NotEmpty(examples);
        Assert.All(examples, path =>
        {
            var scenario = ScenarioJson.ReadFile(path);
            Assert.True(scenario.Localized.TryGetValue("zh-CN", out var chinese), $"{Path.GetFileName(path)} has no localized[\"zh-CN\"]");
            Assert.Contains(chinese!.Name, c => c >= 0x4E00 && c <= 0x9FFF);
            Assert.False(string.IsNullOrWhiteSpace(chinese.Description), $"{Path.GetFileName(path)} has no Chinese description");
        });
    }
}
