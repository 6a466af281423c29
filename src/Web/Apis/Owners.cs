namespace Planner.Web.Apis;

/// <summary>Who the web app records as the author of a change in history (there are no accounts yet: the channel).</summary>
public static class Owners
{
    /// <summary>Scenario saves and catalog edits from the browser and the scenarios API.</summary>
    public const string Web = "web";

    /// <summary>Benchmark runs uploaded through the API by benchmark agents.</summary>
    public const string Api = "api";
}
