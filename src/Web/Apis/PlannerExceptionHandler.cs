using Microsoft.AspNetCore.Diagnostics;
using Planner.CostModel;
using Planner.Data.Scenarios;

namespace Planner.Web.Apis;

/// <summary>
/// The one place the API turns exceptions into answers: bad input (<see cref="InputException"/>, and numbers too large
/// to compute) is 400 with every problem keyed by its path, a save over a newer version or a create that lost a race is
/// 409, a body over <see cref="Limits.RequestBodyBytes"/> is 413. Anything else is left
/// to the default handler (500 problem details, no stack trace).
/// </summary>
public sealed class PlannerExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!httpContext.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            return false;
        }
        IResult? result = exception switch
        {
            InputException input => Problems.BadInput(input.Problems),
            OverflowException overflow => Problems.BadInput([InputProblem.General(InputException.Overflow(overflow))]),
            ConcurrencyConflictException conflict => Results.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Saved by someone else in the meantime", detail: conflict.Message,
                extensions: new Dictionary<string, object?> { ["currentVersion"] = conflict.CurrentVersion, ["expectedVersion"] = conflict.ExpectedVersion }),
            RequestBodyTooLargeException tooLarge => TooLarge(tooLarge.Message),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(new RequestBodyTooLargeException().Message),
            BadHttpRequestException bad => Results.Problem(statusCode: bad.StatusCode, title: "Bad request", detail: bad.Message),
            _ => null,
        };
        if (result is null)
        {
            return false;
        }
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large", detail: detail,
            extensions: new Dictionary<string, object?> { ["limitBytes"] = Limits.RequestBodyBytes });
}
