namespace Planner.Cli;

/// <summary>The process exit codes every verb uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was valid but there is no result (an IRR with no sign change, a model that does not fit).</summary>
    public const int NoResult = 1;

    /// <summary>Bad input: one line per problem was written to standard error.</summary>
    public const int BadInput = 2;

    /// <summary>Cancelled by the user (Ctrl+C); partial work, where kept, is marked as such.</summary>
    public const int Cancelled = 130;
}
