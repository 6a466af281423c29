using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Planner.Data.Accounts;

namespace Planner.Web.IntegrationTests;

/// <summary>
/// The web host with sign-in required (Access:LocalMode=off, as on a server) and one account per role, each with a write
/// token; <see cref="ViewerReadToken"/> and <see cref="EditorReadToken"/> are read-scoped.
/// </summary>
public sealed class SignInRequiredWebFactory : PlannerWebFactory
{
    public const string Password = "correct horse battery staple";

    private readonly Lazy<Task<Tokens>> _tokens;

    public SignInRequiredWebFactory()
    {
        _tokens = new Lazy<Task<Tokens>>(CreateAccountsAsync);
    }

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Access:LocalMode", "off");

    public Task<Tokens> TokensAsync() => _tokens.Value;

    public AccountService Accounts => Services.GetRequiredService<AccountService>();

    private async Task<Tokens> CreateAccountsAsync()
    {
        var accounts = Accounts;
        foreach (var role in PlannerRoles.All)
        {
            await accounts.AddUserAsync(role + "-user", role, Password, email: null, by: "test", CancellationToken.None);
        }
        async Task<string> Token(string role, string scope) =>
            (await accounts.CreateTokenAsync(role + "-user", scope, label: null, by: "test", CancellationToken.None)).Text;
        return new Tokens(
            await Token(PlannerRoles.Viewer, TokenScopes.Write), await Token(PlannerRoles.Viewer, TokenScopes.Read),
            await Token(PlannerRoles.Editor, TokenScopes.Write), await Token(PlannerRoles.Editor, TokenScopes.Read),
            await Token(PlannerRoles.Admin, TokenScopes.Write));
    }

    public sealed record Tokens(string ViewerWrite, string ViewerRead, string EditorWrite, string EditorRead, string AdminWrite);
}
