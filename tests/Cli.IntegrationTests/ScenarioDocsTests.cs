using Planner.CostModel.Scenarios;
using System.Text.Json.Nodes;
using Planner.CostModel.Inputs;

namespace Planner.Cli.IntegrationTests;

/// <summary>The scenario format's documentation and JSON Schema name every field the reader accepts, with the same ranges.</summary>
public sealed class ScenarioDocsTests
{
    private static readonly JsonObject Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(PlannerProcess.RepositoryRoot, "docs", "scenario.schema.json")))!.AsObject();
    private static readonly string Format = File.ReadAllText(Path.Combine(PlannerProcess.RepositoryRoot, "docs", "scenario-format.md"));

    public static TheoryData<string, string> Fields()
    {
        var data = new TheoryData<string, string>();
        void Add(string part, IEnumerable<InputField> fields)
        {
            foreach (var field in fields)
            {
                data.Add(part, field.Name);
            }
        }
        Add("scenario", InputFields.Scenario);
        Add("workload", InputFields.Workload);
        Add("benefits", InputFields.Benefits);
        foreach (var model in ValueModels.All)
        {
            Add("benefits." + model.JsonName, model.Fields);
        }
        foreach (var kind in OptionKinds.All)
        {
            Add(kind.JsonName, kind.Fields);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Schema_and_format_page_describe_the_field_with_its_range(string part, string name)
    {
        var fields = part switch
        {
            "scenario" => InputFields.Scenario,
            "workload" => InputFields.Workload,
            "benefits" => InputFields.Benefits,
            _ when part.StartsWith("benefits.", StringComparison.Ordinal) => ValueModels.FindByJsonName(part["benefits.".Length..])!.Fields,
            _ => OptionKinds.ByJsonName(part).Fields,
        };
        var field = fields.Single(f => f.Name == name);

        var properties = part switch
        {
            "scenario" => Schema["properties"]!,
            "workload" or "benefits" => Schema["properties"]![part]!["properties"]!,
            _ when part.StartsWith("benefits.", StringComparison.Ordinal) =>
                Schema["properties"]!["benefits"]!["properties"]![part["benefits.".Length..]]!["properties"]!,
            _ => Schema["properties"]!["options"]!["items"]!["oneOf"]!.AsArray()
                .Single(o => o!["properties"]!["kind"]!["const"]!.GetValue<string>() == part)!["properties"]!,
        };
        var node = properties[name];
        Assert.NotNull(node);
        var numeric = node["oneOf"] is JsonArray oneOf ? oneOf[0]! : node;

        var range = field.Range;
        if (!double.IsNegativeInfinity(range.Min))
        {
            var key = range.MinInclusive ? "minimum" : "exclusiveMinimum";
            Assert.Equal(range.Min, numeric[key]!.GetValue<double>());
        }
        if (!double.IsPositiveInfinity(range.Max))
        {
            var key = range.MaxInclusive ? "maximum" : "exclusiveMaximum";
            Assert.Equal(range.Max, numeric[key]!.GetValue<double>());
        }
        Assert.Equal(field.IsInteger ? "integer" : "number", numeric["type"]!.GetValue<string>());
        Assert.Contains($"| {name} |", Format, StringComparison.Ordinal);
    }
}
