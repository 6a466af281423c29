namespace Planner.CostModel;

/// <summary>The input was valid but has no result, for the reason given (an IRR without a sign change, say).</summary>
public sealed class NoResultException : Exception
{
    public NoResultException(string reason) : base(reason)
    {
    }

    public NoResultException()
    {
    }

    public NoResultException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
