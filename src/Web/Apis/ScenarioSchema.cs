using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Planner.Web.Apis;

/// <summary>
/// The OpenAPI description of scenario request bodies. Scenario JSON is read by the product's own reader (which names
/// each bad field), so the endpoints take the body as text; the document describes it with the published JSON Schema
/// (docs/scenario.schema.json, embedded at build), its <c>$defs</c> moved into <c>components/schemas</c>.
/// </summary>
internal static class ScenarioSchema
{
    public const string Name = "Scenario";

    private const string ResourceName = "Planner.Web.scenario.schema.json";

    /// <summary>Marks an endpoint whose JSON body is a scenario.</summary>
    public static RouteHandlerBuilder AcceptsScenario(this RouteHandlerBuilder endpoint) =>
        endpoint.Accepts<JsonObject>("application/json").WithMetadata(new ScenarioBody());

    public static OpenApiOptions DescribeScenarioBodies(this OpenApiOptions options)
    {
        var components = Components();
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            foreach (var (name, json) in components)
            {
                document.Components.Schemas[name] = Parse(json, document);
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ScenarioBody>().Any()
                && operation.RequestBody?.Content is { } content
                && content.TryGetValue("application/json", out var body))
            {
                body.Schema = new OpenApiSchemaReference(Name);
            }
            return Task.CompletedTask;
        });
        return options;
    }

    /// <summary>The scenario schema and each of its definitions, named for <c>components/schemas</c>, references rewritten.</summary>
    internal static IReadOnlyList<(string Name, string Json)> Components()
    {
        using var stream = typeof(ScenarioSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        var root = JsonNode.Parse(stream)!.AsObject();
        var definitions = root["$defs"]?.AsObject() ?? [];
        root.Remove("$defs");
        root.Remove("$schema");
        root.Remove("$id");
        var result = definitions.Select(d => (ComponentName(d.Key), Rewrite(d.Value!.DeepClone()).ToJsonString())).ToList();
        result.Add((Name, Rewrite(root).ToJsonString()));
        return result;
    }

    private static string ComponentName(string definition) => Name + char.ToUpperInvariant(definition[0]) + definition[1..];

    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } target && target.StartsWith("#/$defs/", StringComparison.Ordinal))
                    {
                        obj[key] = "#/components/schemas/" + ComponentName(target["#/$defs/".Length..]);
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    Rewrite(item);
                }
                break;
        }
        return node;
    }

    private static IOpenApiSchema Parse(string json, OpenApiDocument document) =>
        OpenApiModelFactory.Parse<OpenApiSchema>(json, OpenApiSpecVersion.OpenApi3_1, document, out _, "json")
            ?? throw new InvalidOperationException("The embedded scenario schema could not be read as an OpenAPI schema.");

    private sealed record ScenarioBody;
}
