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

    /// <summary>
    /// The disk (or quota) is full: an output file or standard output could not be written. One line says so; an
    /// output file is written whole or not at all, so nothing half-written is left.
    /// </summary>
    public const int DiskFull = 74;

    /// <summary>An unexpected failure (a bug): one line names it; PLANNER_DEBUG=1 prints the stack trace.</summary>
    public const int InternalError = 70;

    /// <summary>A report ran past its time budget (<c>--time-budget</c>) and was cancelled; no file was written.</summary>
    public const int TimedOut = 124;

    /// <summary>Cancelled by the user (Ctrl+C); partial work, where kept, is marked as such.</summary>
    public const int Cancelled = 130;
}
