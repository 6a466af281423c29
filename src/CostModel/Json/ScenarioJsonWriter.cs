using System.Text.Json;
using System.Text.Json.Nodes;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Json;

/// <summary>
/// Writes a scenario back to its JSON form. Inputs left at their defaults and inputs supplied by a reference are
/// not written (the reference is); inputs with a distribution are written as the distribution. Reading what this
/// writes gives the same scenario.
/// </summary>
public static class ScenarioJsonWriter
{
    public static string Write(Scenario scenario, bool indented = true) =>
        ToNode(scenario).ToJsonString(indented ? PlannerJson.Options : PlannerJson.Compact);

    public static JsonObject ToNode(Scenario scenario)
    {
        var uncertain = scenario.Uncertainties.ToDictionary(u => u.Key, StringComparer.Ordinal);
        var root = new JsonObject { ["name"] = scenario.Name };
        if (scenario.Description is { } description)
        {
            root["description"] = description;
        }
        if (scenario.Localized.Count > 0)
        {
            var localized = new JsonObject();
            foreach (var (language, text) in scenario.Localized.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var node = new JsonObject { ["name"] = text.Name };
                if (text.Description is { } translated)
                {
                    node["description"] = translated;
                }
                localized[language] = node;
            }
            root["localized"] = localized;
        }
        root["currency"] = scenario.Currency;
        WriteFields(root, scenario, InputFields.Scenario, "", scenario, uncertain, null);
        var workload = new JsonObject();
        WriteFields(workload, scenario.Workload, InputFields.Workload, "workload.", scenario, uncertain, null);
        if (scenario.Workload.HourlyShares is { } weekday)
        {
            workload["hourlyShares"] = new JsonArray(weekday.Select(v => (JsonNode)v).ToArray());
        }
        if (scenario.Workload.WeekendHourlyShares is { } weekend)
        {
            workload["weekendHourlyShares"] = new JsonArray(weekend.Select(v => (JsonNode)v).ToArray());
        }
        if (scenario.Workload.Model is { } servedModel)
        {
            workload["model"] = servedModel;
        }
        if (scenario.Workload.ModelParametersBillions is { } billions)
        {
            workload["modelParametersBillions"] = billions;
        }
        root["workload"] = workload;
        root["baseline"] = scenario.Baseline;
        var options = new JsonArray();
        foreach (var option in scenario.Options)
        {
            options.Add(WriteOption(option, scenario, uncertain));
        }
        root["options"] = options;
        if (scenario.Benefits is { } benefits)
        {
            var node = new JsonObject();
            WriteFields(node, benefits, InputFields.Benefits, "benefits.", scenario, uncertain, null);
            foreach (var model in ValueModels.All)
            {
                if (model.Get(benefits) is { } part)
                {
                    var modelNode = new JsonObject();
                    WriteFields(modelNode, part, model.Fields, $"benefits.{model.JsonName}.", scenario, uncertain, null);
                    node[model.JsonName] = modelNode;
                }
            }
            root["benefits"] = node;
        }
        if (scenario.Notes is { } notes)
        {
            root["notes"] = notes;
        }
        if (scenario.Sensitivity != SensitivitySettings.Default)
        {
            var ranges = new JsonObject();
            foreach (var (key, range) in scenario.Sensitivity.Ranges)
            {
                ranges[key] = new JsonObject { ["low"] = range.Low, ["high"] = range.High };
            }
            root["sensitivity"] = new JsonObject
            {
                ["lowFactor"] = scenario.Sensitivity.LowFactor,
                ["highFactor"] = scenario.Sensitivity.HighFactor,
                ["ranges"] = ranges,
            };
        }
        if (scenario.Correlations.Count > 0)
        {
            root["correlations"] = new JsonArray(scenario.Correlations
                .Select(c => (JsonNode)new JsonObject { ["inputs"] = new JsonArray(c.First, c.Second), ["rank"] = c.Coefficient })
                .ToArray());
        }
        return root;
    }

    private static JsonObject WriteOption(SourcingOption option, Scenario scenario, Dictionary<string, UncertainInput> uncertain)
    {
        var node = new JsonObject
        {
            ["id"] = option.Id,
            ["kind"] = option.Kind.JsonName(),
        };
        if (option.Name is { } name)
        {
            node["name"] = name;
        }
        var references = option.References;
        foreach (var field in Enum.GetValues<ReferenceField>())
        {
            if (references.CatalogKey(field) is { } key)
            {
                node[field.JsonName()] = key;
            }
        }
        if (references.ThroughputFrom is { } from)
        {
            node["throughputFrom"] = JsonSerializer.SerializeToNode(from, PlannerJson.Compact);
            RemoveNulls(node["throughputFrom"]);
        }
        if (references.TrainingFrom is { } training)
        {
            node["trainingFrom"] = JsonSerializer.SerializeToNode(training, PlannerJson.Compact);
            RemoveNulls(node["trainingFrom"]);
        }
        foreach (var link in OptionKinds.Of(option.Kind).OptionLinks)
        {
            if (link.Get(option) is { } linked)
            {
                node[link.Name] = linked;
            }
        }
        if (references.CapacityFrom is { } capacity)
        {
            node["capacityFrom"] = ServingRunNode(capacity);
        }
        if (references.LatencyFrom is { } latency)
        {
            node["latencyFrom"] = ServingRunNode(latency);
        }
        WriteFields(node, option, OptionKinds.Of(option.Kind).Fields, option.Id + ".", scenario, uncertain, references);
        if (option.Notes is { } notes)
        {
            node["notes"] = notes;
        }
        return node;
    }

    private static JsonObject ServingRunNode(ServingRunReference reference)
    {
        var node = new JsonObject { ["run"] = reference.Run };
        if (reference.Rate is { } rate)
        {
            node["rate"] = rate;
        }
        if (reference.Concurrency is { } concurrency)
        {
            node["concurrency"] = concurrency;
        }
        return node;
    }

    private static void WriteFields(JsonObject node, object owner, IReadOnlyList<InputField> fields, string keyPrefix,
        Scenario scenario, Dictionary<string, UncertainInput> uncertain, OptionReferences? references)
    {
        var fresh = Fresh(owner);
        foreach (var field in fields)
        {
            var key = keyPrefix + field.Name;
            if (uncertain.TryGetValue(key, out var input))
            {
                node[field.Name] = DistributionNode(input);
                continue;
            }
            var value = field.Get(owner);
            if (double.IsNaN(value))
            {
                continue;
            }
            var origin = scenario.Origins.GetValueOrDefault(key);
            var fromReference = origin is { Kind: OriginKind.Catalog or OriginKind.Benchmark or OriginKind.Projection }
                && references is { IsEmpty: false };
            if (fromReference || IsDefault(owner, fresh, field, value))
            {
                continue;
            }
            node[field.Name] = field.IsInteger ? (long)value : value;
        }
    }

    private static bool IsDefault(object owner, object? fresh, InputField field, double value)
    {
        if (field.IsDefaultIn(owner) is { } followsAnotherField)
        {
            return followsAnotherField;
        }
        return fresh is not null && field.Requirement == Requirement.Optional && field.Get(fresh).Equals(value);
    }

    private static object? Fresh(object owner) => owner switch
    {
        Workload => new Workload(),
        Benefits => new Benefits(),
        SourcingOption option => OptionKinds.Of(option.Kind).Create("x"),
        _ when ValueModels.Owning(owner) is { } model => model.Create(),
        _ => null,
    };

    private static JsonObject DistributionNode(UncertainInput input)
    {
        var d = input.Distribution;
        var node = new JsonObject { ["distribution"] = d.Kind.ToString().ToLowerInvariant() };
        void Add(string name, double? value)
        {
            if (value is { } v)
            {
                node[name] = v;
            }
        }
        Add("min", d.Min);
        Add("mode", d.Mode);
        Add("max", d.Max);
        Add("mean", d.Mean);
        Add("stdDev", d.StdDev);
        if (d.Values.Count > 0)
        {
            node["values"] = new JsonArray(d.Values.Select(v => (JsonNode)v).ToArray());
        }
        if (d.Weights.Count > 0)
        {
            node["weights"] = new JsonArray(d.Weights.Select(v => (JsonNode)v).ToArray());
        }
        Add("value", input.BaseValue);
        return node;
    }

    private static void RemoveNulls(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return;
        }
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }
        foreach (var child in obj.Select(p => p.Value).ToList())
        {
            RemoveNulls(child);
        }
    }
}
