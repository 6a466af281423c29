namespace Planner.Web.Apis;

/// <summary>Reads a request body as text: the API's JSON documents go to the product's own readers, which name each bad field.</summary>
internal static class RequestBody
{
    public static async Task<string> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(ct);
    }
}
