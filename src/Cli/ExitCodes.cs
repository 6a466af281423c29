namespace Planner.Cli;

/// <summary>The process exit codes every verb uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The input was valid but there is no result (an IRR with no sign change, a model that does not fit).</summary>
    public const int NoResult = 1;

    /// <summary>Bad input: one line per problem was written to standard error.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// The store (PLANNER_DB) could not be opened, read or written: read-only, full, locked or not a database. One line
    /// names the reason; nothing was changed.
    /// </summary>
    public const int StoreUnavailable = 3;

    /// <summary>An unexpected failure (a bug): one line names it; PLANNER_DEBUG=1 prints the stack trace.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled by the user (Ctrl+C); partial work, where kept, is marked as such.</summary>
    public const int Cancelled = 130;
}
