using System.CommandLine;
using Planner.CostModel.Json;
using Planner.Data;
using Planner.Data.Accounts;

namespace Planner.Cli.Commands;

/// <summary><c>planner token create|list|revoke</c>: API tokens for automation and benchmark agents (docs/security.md).</summary>
public static class TokenCommand
{
    /// <summary>The environment variable pushing verbs read their token from.</summary>
    public const string TokenVariable = "PLANNER_TOKEN";

    public static Command Create()
    {
        var token = new Command("token", $"API tokens (Authorization: Bearer); pushing verbs read theirs from {TokenVariable}.");
        token.Subcommands.Add(CreateCreate());
        token.Subcommands.Add(CreateList());
        token.Subcommands.Add(CreateRevoke());
        return token;
    }

    private static Command CreateCreate()
    {
        var user = new Option<string>("--user") { Description = "The account the token acts for", Required = true };
        var scope = new Option<string>("--scope") { Description = "read (GET and evaluations) or write (also what the account's role may change)", Required = true };
        scope.AcceptOnlyFromAmong([.. TokenScopes.All]);
        var label = new Option<string?>("--label") { Description = "What the token is for (e.g. the GPU server's name)" };
        var create = new Command("create", "Create a token and print it once; only its SHA-256 is stored.") { user, scope, label };
        create.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var created = await store.Accounts.CreateTokenAsync(parse.GetRequiredValue(user), parse.GetRequiredValue(scope), parse.GetValue(label), UserCommand.Operator, ct);
            await Console.Out.WriteLineAsync(created.Text);
            await Console.Error.WriteLineAsync($"token {created.Token.Id} for {created.Token.User} ({created.Token.Scope}); it is shown only now: keep it in {TokenVariable}");
            return ExitCodes.Ok;
        });
        return create;
    }

    private static Command CreateList()
    {
        var user = new Option<string?>("--user") { Description = "Only this account's tokens" };
        var format = FormatOption.Create(["table", "json"]);
        var list = new Command("list", "List tokens (never their text), revoked ones included.") { user, format };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var tokens = await store.Accounts.ListTokensAsync(parse.GetValue(user), ct);
            await Console.Out.WriteAsync(parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(tokens) + Environment.NewLine
                : TextTable.Render(["id", "user", "token", "scope", "label", "created (UTC)", "revoked (UTC)"],
                    tokens.Select(t => (IReadOnlyList<string>)[t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.User, t.Prefix + "…",
                        t.Scope, t.Label ?? "", TextTable.Time(t.CreatedAt), t.RevokedAt is { } at ? TextTable.Time(at) : ""])));
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateRevoke()
    {
        var id = new Argument<int>("id") { Description = "Token id (see planner token list)" };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { id };
        revoke.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var revoked = await store.Accounts.RevokeTokenAsync(parse.GetRequiredValue(id), UserCommand.Operator, ct);
            await Console.Out.WriteLineAsync($"revoked token {revoked.Id} of {revoked.User}");
            return ExitCodes.Ok;
        });
        return revoke;
    }
}
