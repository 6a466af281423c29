using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Planner.CostModel;

namespace Planner.Cli.Commands;

/// <summary>Uploads a results file to a Planner web app (<c>planner bench run --push URL</c>): POST URL/api/benchmarks/runs.</summary>
internal static class ResultsPush
{
    /// <summary>The <c>--push</c> value as a server base URL: absolute, http or https.</summary>
    /// <exception cref="InputException">Anything else, naming the flag and what it takes.</exception>
    public static Uri ParseServer(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new InputException(InputProblem.At("--push", $"must be an absolute http or https URL such as http://planner:5000 (got \"{text}\")"));

    /// <exception cref="InputException">The server refused the file (its problem lines are given) or could not be reached.</exception>
    public static async Task PushAsync(Uri server, string resultsJson, CancellationToken ct)
    {
        var endpoint = new Uri(server.AbsoluteUri.TrimEnd('/') + "/api/benchmarks/runs");
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        if (Environment.GetEnvironmentVariable(TokenCommand.TokenVariable) is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        }
        using var content = new StringContent(resultsJson, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(endpoint, content, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new InputException($"--push: could not reach {endpoint}: {ex.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InputException(Problems(endpoint, (int)response.StatusCode, body).Select(InputProblem.General).ToList());
            }
            await Console.Error.WriteLineAsync($"Uploaded to {endpoint} ({(int)response.StatusCode}).");
        }
    }

    private static List<string> Problems(Uri endpoint, int status, string body)
    {
        var lines = new List<string> { $"--push: {endpoint} answered {status}; the results file is kept locally" };
        if (status is 401 or 403)
        {
            lines.Add($"{TokenCommand.TokenVariable} must hold a write token of an editor or admin (planner token create --user NAME --scope write)");
        }
        try
        {
            if (JsonNode.Parse(body)?["problems"] is JsonArray problems)
            {
                lines.AddRange(problems.Select(p => (string?)p ?? ""));
                return lines;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not problem details: show the text
        }
        if (body.Length > 0)
        {
            lines.Add(body.Length > 500 ? body[..500] : body);
        }
        return lines;
    }
}
