using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Planner.Benchmarks.Running;
using Planner.Cli.Serve;

namespace Planner.Benchmarks.IntegrationTests;

public sealed class DecoderServerTests : IAsyncLifetime
{
    private DecoderServer? _server;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() =>
        _server = await DecoderServer.StartAsync(new DecoderServerOptions("tiny", 0, 4, 1, 42, DeviceRequest.Cpu), CancellationToken.None);

    [Fact]
    public async Task A_whole_chat_completion_answers_with_the_asked_tokens_and_the_usage()
    {
        var response = await _http.PostAsJsonAsync(new Uri(_server!.BaseAddress, "v1/chat/completions"),
            new { model = _server.ModelName, messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 6 });

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(6, body["choices"]![0]!["message"]!["content"]!.GetValue<string>().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(5, body["usage"]!["prompt_tokens"]!.GetValue<int>()); // one token per UTF-8 byte
        Assert.Equal(6, body["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_prompt_gives_the_same_greedy_answer_whatever_else_is_in_the_batch()
    {
        async Task<string> Complete(string prompt)
        {
            var response = await _http.PostAsJsonAsync(new Uri(_server!.BaseAddress, "v1/completions"), new { model = "m", prompt, max_tokens = 8 });
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["choices"]![0]!["text"]!.GetValue<string>();
        }

        var alone = await Complete("the same prompt");
        var together = await Task.WhenAll(Complete("the same prompt"), Complete("another, longer prompt text"), Complete("x"));

        Assert.Equal(alone, together[0]);
    }

    [Fact]
    public async Task Too_many_tokens_or_a_malformed_body_get_400_naming_the_field()
    {
        var tooMany = await _http.PostAsJsonAsync(new Uri(_server!.BaseAddress, "v1/completions"), new { prompt = "hi", max_tokens = 300 });
        var malformed = await _http.PostAsync(new Uri(_server.BaseAddress, "v1/completions"), new StringContent("""{"prompt":"hi","max_tokens":"many"}"""));
        var models = JsonNode.Parse(await _http.GetStringAsync(new Uri(_server.BaseAddress, "v1/models")))!;

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("max_tokens: must be between 1 and 254", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("gpt-decoder-tiny", models["data"]![0]!["id"]!.GetValue<string>());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
