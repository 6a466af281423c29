using System.Globalization;
using System.Text;
using Planner.CostModel;

namespace Planner.Web.Apis;

/// <summary>Reads a request body as text: the API's JSON documents go to the product's own readers, which name each bad field.</summary>
internal static class RequestBody
{
    /// <summary>The body as UTF-8 text, at most <paramref name="limit"/> bytes (default <see cref="Limits.RequestBodyBytes"/>).</summary>
    /// <exception cref="RequestBodyTooLargeException">The body is larger (413).</exception>
    public static async Task<string> ReadAsync(HttpRequest request, CancellationToken ct, long limit = Limits.RequestBodyBytes)
    {
        if (request.ContentLength > limit)
        {
            throw new RequestBodyTooLargeException(limit);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new RequestBodyTooLargeException(limit);
            }
            buffer.Write(chunk, 0, read);
        }
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
    }

    /// <summary>The limit in words: "8 MiB (8,388,608 bytes)".</summary>
    public static string Describe(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{limit / (1024.0 * 1024):0.#} MiB ({limit:N0} bytes)");
}

/// <summary>A request body over the limit: answered with 413 by <see cref="PlannerExceptionHandler"/>.</summary>
public sealed class RequestBodyTooLargeException : Exception
{
    public RequestBodyTooLargeException(long limit)
        : base($"the request body is larger than the limit of {RequestBody.Describe(limit)}; send a smaller document (docs/security.md, Limits)")
    {
        Limit = limit;
    }

    public RequestBodyTooLargeException() : this(Limits.RequestBodyBytes)
    {
    }

    public RequestBodyTooLargeException(string message) : base(message)
    {
    }

    public RequestBodyTooLargeException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public long Limit { get; }
}
