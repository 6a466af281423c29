using Microsoft.AspNetCore.Http.HttpResults;
using Planner.CostModel;

namespace Planner.Web.Apis;

/// <summary>
/// Bad input as RFC 9457 problem details (400): <c>errors</c> maps each field's JSON path (or "scenario" for problems
/// that name no field) to the CLI's problem lines, and <c>problems</c> lists every line in order.
/// </summary>
public static class Problems
{
    /// <summary>The <c>errors</c> key of problems that no single field owns.</summary>
    public const string NoField = "scenario";

    public static ValidationProblem BadInput(IReadOnlyList<InputProblem> problems)
    {
        var errors = problems
            .GroupBy(p => p.Path.Length == 0 ? NoField : p.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
        var lines = problems.Select(p => p.Message).ToList();
        return TypedResults.ValidationProblem(
            errors,
            detail: string.Join(Environment.NewLine, lines),
            title: problems.Count == 1 ? "The input has a problem" : $"The input has {problems.Count} problems",
            extensions: new Dictionary<string, object?> { ["problems"] = lines });
    }

    /// <summary>404 for an id that names nothing.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>400 for a malformed route or query value, naming it and what it allows.</summary>
    public static ValidationProblem BadParameter(string name, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [problem] }, detail: problem,
            title: $"The parameter {name} has a problem");

    /// <summary>A value quoted in a message, cut short so that a huge value never makes a huge message.</summary>
    public static string Quote(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
