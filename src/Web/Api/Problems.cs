using System.Text.RegularExpressions;
using Planner.CostModel;
using Planner.Data.Scenarios;

namespace Planner.Web.Api;

/// <summary>
/// Bad input as RFC 9457 problem details (400): <c>errors</c> maps each field's JSON path (or "scenario" for problems
/// that name no field) to the CLI's problem lines, and <c>problems</c> lists every line in order.
/// </summary>
public static partial class Problems
{
    [GeneratedRegex(@"^(?<path>[A-Za-z$][A-Za-z0-9_]*(\[\d+\])?(\.[A-Za-z][A-Za-z0-9_]*(\[\d+\])?)*(\[""[^""]*""\])?(\.[A-Za-z]+)?) ")]
    private static partial Regex LeadingPath();

    /// <summary>Runs an API action, turning bad input into 400 and a stale save into 409 (problem details).</summary>
    public static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ConcurrencyConflictException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Saved by someone else in the meantime", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["currentVersion"] = ex.CurrentVersion, ["expectedVersion"] = ex.ExpectedVersion });
        }
        catch (InputException ex)
        {
            return BadInput(ex.Problems);
        }
        catch (OverflowException ex)
        {
            return BadInput([InputException.Overflow(ex)]);
        }
    }

    public static IResult BadInput(IReadOnlyList<string> problems)
    {
        var errors = problems
            .GroupBy(FieldOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(
            errors,
            detail: string.Join(Environment.NewLine, problems),
            title: problems.Count == 1 ? "The input has a problem" : $"The input has {problems.Count} problems",
            extensions: new Dictionary<string, object?> { ["problems"] = problems });
    }

    /// <summary>The JSON path a problem line starts with ("options[1].gpuHourPrice"), or "scenario".</summary>
    public static string FieldOf(string problem)
    {
        var match = LeadingPath().Match(problem);
        if (!match.Success)
        {
            return "scenario";
        }
        var path = match.Groups["path"].Value;
        return path is "the" or "a" or "an" or "no" or "scenario" ? "scenario" : path;
    }
}
