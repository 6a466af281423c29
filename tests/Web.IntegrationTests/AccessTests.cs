using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data.Accounts;

namespace Planner.Web.IntegrationTests;

/// <summary>Roles, API tokens and sign-in on a server that requires sign-in (docs/security.md).</summary>
public sealed class AccessTests(SignInRequiredWebFactory factory) : IClassFixture<SignInRequiredWebFactory>
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", name + ".json"));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private HttpClient Client(string? token = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    [Fact]
    public async Task Without_a_token_or_cookie_the_api_answers_401_and_pages_redirect_to_sign_in()
    {
        await factory.TokensAsync();
        var client = Client();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/scenarios", Json(Example("support-assistant")))).StatusCode);
        var page = await client.GetAsync("/editor");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/signin", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Viewer_reads_and_evaluates_but_gets_403_on_save()
    {
        var tokens = await factory.TokensAsync();
        var viewer = Client(tokens.ViewerWrite);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsync("/api/evaluate", Json(Example("support-assistant")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/scenarios", Json(Example("support-assistant")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync("/api/scenarios/viewer-made", Json(Example("support-assistant")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/scenarios/viewer-made")).StatusCode);
    }

    [Fact]
    public async Task Editor_saves_and_history_names_the_editor_not_the_channel()
    {
        var tokens = await factory.TokensAsync();
        var editor = Client(tokens.EditorWrite);

        var created = await editor.PostAsync("/api/scenarios", Json(Example("support-assistant")));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("editor-user", (string?)summary["updatedBy"]);
        Assert.Equal("editor-user", (string?)summary["owner"]);
    }

    [Fact]
    public async Task A_read_scoped_token_cannot_change_anything_whatever_its_role()
    {
        var tokens = await factory.TokensAsync();

        var response = await Client(tokens.EditorRead).PostAsync("/api/scenarios", Json(Example("support-assistant")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(tokens.EditorRead).GetAsync("/api/scenarios")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_gets_401()
    {
        await factory.TokensAsync();
        var created = await factory.Accounts.CreateTokenAsync("editor-user", TokenScopes.Write, "to revoke", "test", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await Client(created.Text).GetAsync("/api/scenarios")).StatusCode);

        await factory.Accounts.RevokeTokenAsync(created.Token.Id, "test", CancellationToken.None);

        var revoked = await Client(created.Text).GetAsync("/api/scenarios");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("Bearer", revoked.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(AccountService.TokenPrefix + "not-a-token").GetAsync("/api/scenarios")).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_only_as_their_sha256()
    {
        var created = await factory.Accounts.CreateTokenAsync("admin-user", TokenScopes.Read, "hash check", "test", CancellationToken.None);
        await factory.TokensAsync();

        await using var db = await factory.Services.GetRequiredService<Planner.Data.Storage.PlannerDatabase>().CreateContextAsync(CancellationToken.None);
        var row = db.ApiTokens.Single(t => t.Id == created.Token.Id);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(created.Text))), row.Hash);
        Assert.DoesNotContain(db.ApiTokens.Select(t => t.Hash).ToList(), h => h == created.Text);
    }

    [Fact]
    public async Task Only_an_admin_imports_catalogs()
    {
        var tokens = await factory.TokensAsync();
        var csv = await Client(tokens.AdminWrite).GetStringAsync("/api/scenarios"); // warm up, then export the seed through the store
        var catalog = await factory.Services.GetRequiredService<Planner.Data.Catalogs.CatalogService>().ExportCsvAsync("gpus", CancellationToken.None);
        StringContent Csv() => new(catalog, Encoding.UTF8, "text/csv");

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(tokens.EditorWrite).PostAsync("/api/catalogs/gpus", Csv())).StatusCode);
        var imported = await Client(tokens.AdminWrite).PostAsync("/api/catalogs/gpus", Csv());

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.NotNull(csv);
    }

    [Fact]
    public async Task Signing_in_with_the_form_sets_a_cookie_the_api_accepts_and_a_wrong_password_does_not()
    {
        await factory.TokensAsync();
        var browser = Client();

        var wrong = await SignInAsync(browser, "viewer-user", "not the password");
        Assert.Contains("error=failed", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/scenarios")).StatusCode);

        var signedIn = await SignInAsync(browser, "viewer-user", SignInRequiredWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/editor", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/scenarios")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/api/scenarios", Json(Example("support-assistant")))).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_without_its_antiforgery_token_signs_nobody_in()
    {
        await factory.TokensAsync();
        var browser = Client();

        var response = await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "admin-user", ["password"] = SignInRequiredWebFactory.Password,
        }));

        Assert.Contains("error=expired", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/scenarios")).StatusCode);
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_log_with_its_user_and_only_admins_read_it()
    {
        var tokens = await factory.TokensAsync();
        var created = await Client(tokens.EditorWrite).PostAsync("/api/scenarios", Json(Example("support-assistant")));
        var id = (string?)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"];

        Assert.Equal(HttpStatusCode.Forbidden, (await Client(tokens.EditorWrite).GetAsync("/api/audit")).StatusCode);
        var audit = JsonNode.Parse(await Client(tokens.AdminWrite).GetStringAsync("/api/audit?take=1000"))!.AsArray();

        Assert.Contains(audit, e => (string?)e!["action"] == "scenario.create" && (string?)e["target"] == id && (string?)e["user"] == "editor-user");
        Assert.Contains(audit, e => (string?)e!["action"] == "user.add" && (string?)e["target"] == "viewer-user" && (string?)e["user"] == "test");
        Assert.Contains(audit, e => (string?)e!["action"] == "token.create" && (string?)e["target"] == "editor-user");
        Assert.Equal(HttpStatusCode.BadRequest, (await Client(tokens.AdminWrite).GetAsync("/api/audit?take=0")).StatusCode);
        var adminRead = await factory.Accounts.CreateTokenAsync("admin-user", TokenScopes.Read, "audit reader", "test", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await Client(adminRead.Text).GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(adminRead.Text).PostAsync("/api/catalogs/gpus", new StringContent("", Encoding.UTF8, "text/csv"))).StatusCode);
    }

    [Fact]
    public async Task The_plain_sign_in_form_is_never_marked_as_connecting_while_prerendered_pages_are()
    {
        var browser = factory.CreateClient();
        var signIn = await browser.GetStringAsync("/signin");
        // The form never gets a circuit: no "connecting" bar, and its fields and button take clicks (app.css).
        Assert.Contains("data-connecting=\"false\"", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"connecting\"", signIn, StringComparison.Ordinal);

        await SignInAsync(browser, "editor-user", SignInRequiredWebFactory.Password);
        var editor = await browser.GetStringAsync("/editor");
        Assert.Contains("data-connecting=\"true\"", editor, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"connecting\"", editor, StringComparison.Ordinal);
    }

    /// <summary>As a browser does: load the sign-in page (antiforgery cookie and field), post the form.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string name, string password)
    {
        var page = await browser.GetStringAsync("/signin");
        var marker = "name=\"__RequestVerificationToken\" value=\"";
        var start = page.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var token = page[start..page.IndexOf('"', start)];
        return await browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["userName"] = name, ["password"] = password, ["returnUrl"] = "/editor",
        }));
    }
}
