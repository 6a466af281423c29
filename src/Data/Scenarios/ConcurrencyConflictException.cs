namespace Planner.Data.Scenarios;

/// <summary>
/// A save based on an old version of a scenario: someone else saved in between. Nothing was written; the message
/// says who saved which version when.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string scenarioId, int expectedVersion, int currentVersion, string savedBy, DateTime savedAt)
        : base($"scenario '{scenarioId}' was saved as version {currentVersion} by {savedBy} at {savedAt:yyyy-MM-dd HH:mm:ss} UTC "
            + $"after the version you edited ({expectedVersion}); nothing was saved: load version {currentVersion} and apply your change again")
    {
        ScenarioId = scenarioId;
        ExpectedVersion = expectedVersion;
        CurrentVersion = currentVersion;
        SavedBy = savedBy;
        SavedAt = savedAt;
    }

    public ConcurrencyConflictException()
    {
        ScenarioId = "";
        SavedBy = "";
    }

    public ConcurrencyConflictException(string message) : base(message)
    {
        ScenarioId = "";
        SavedBy = "";
    }

    public ConcurrencyConflictException(string message, Exception innerException) : base(message, innerException)
    {
        ScenarioId = "";
        SavedBy = "";
    }

    public string ScenarioId { get; }

    public int ExpectedVersion { get; }

    public int CurrentVersion { get; }

    public string SavedBy { get; }

    public DateTime SavedAt { get; }
}
