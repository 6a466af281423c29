using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Planner.CostModel.Evaluation;

namespace Planner.CostModel.Json;

/// <summary>The JSON conventions of every Planner output: camelCase, enums as camelCase strings, round-trip doubles.</summary>
public static class PlannerJson
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);

    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    public static string Serialize<T>(T value, bool indented = true) =>
        JsonSerializer.Serialize(value, indented ? Options : Compact);

    public static string SerializeEvaluation(ScenarioEvaluation evaluation, bool indented = true) => Serialize(evaluation, indented);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
