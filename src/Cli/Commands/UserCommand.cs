using System.CommandLine;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.Data;
using Planner.Data.Accounts;

namespace Planner.Cli.Commands;

/// <summary><c>planner user add|list|remove</c>: accounts of the web app, in the store (PLANNER_DB); docs/security.md.</summary>
public static class UserCommand
{
    /// <summary>The environment variable a password may come from (otherwise the first line of standard input).</summary>
    public const string PasswordVariable = "PLANNER_PASSWORD";

    public static Command Create()
    {
        var user = new Command("user", "Accounts of the web app: viewer, editor or admin (store: PLANNER_DB).");
        user.Subcommands.Add(CreateAdd());
        user.Subcommands.Add(CreateList());
        user.Subcommands.Add(CreateRemove());
        return user;
    }

    /// <summary>Who the CLI records as the author of account changes: the operating system user.</summary>
    internal static string Operator => "cli:" + Environment.UserName;

    private static Command CreateAdd()
    {
        var name = new Option<string>("--name") { Description = "Account name (letters, digits, - . _ @ +)", Required = true };
        var role = new Option<string>("--role") { Description = "viewer (read, export), editor (also scenarios and benchmark runs) or admin (also catalogs, users, deletion)", Required = true };
        role.AcceptOnlyFromAmong([.. PlannerRoles.All]);
        var email = new Option<string?>("--email") { Description = "E-mail address (optional)" };
        var add = new Command("add", $"Add an account. The password is read from {PasswordVariable} or, when it is unset, from the first line of standard input (at least {AccountService.MinPasswordLength} characters); there is no default password.")
        {
            name, role, email,
        };
        add.SetAction(async (parse, ct) =>
        {
            var password = await ReadPasswordAsync();
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var added = await store.Accounts.AddUserAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(role), password, parse.GetValue(email), Operator, ct);
            await Console.Out.WriteLineAsync($"added {added.Name} ({added.Role})");
            return ExitCodes.Ok;
        });
        return add;
    }

    private static Command CreateList()
    {
        var format = FormatOption.Create(["table", "json"]);
        var list = new Command("list", "List accounts with their role and number of active tokens.") { format };
        list.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            var users = await store.Accounts.ListUsersAsync(ct);
            await Console.Out.WriteAsync(parse.GetValue(format) == "json"
                ? PlannerJson.Serialize(users) + Environment.NewLine
                : TextTable.Render(["name", "role", "email", "created (UTC)", "active tokens"],
                    users.Select(u => (IReadOnlyList<string>)[u.Name, u.Role, u.Email ?? "", TextTable.Time(u.CreatedAt),
                        u.ActiveTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)])));
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateRemove()
    {
        var name = new Argument<string>("name") { Description = "Account name" };
        var remove = new Command("remove", "Remove an account and its tokens (the last admin cannot be removed).") { name };
        remove.SetAction(async (parse, ct) =>
        {
            await using var store = await PlannerStore.OpenFromEnvironmentAsync(ct);
            await store.Accounts.RemoveUserAsync(parse.GetRequiredValue(name), Operator, ct);
            await Console.Out.WriteLineAsync($"removed {parse.GetRequiredValue(name)}");
            return ExitCodes.Ok;
        });
        return remove;
    }

    private static async Task<string> ReadPasswordAsync()
    {
        var password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected)
            {
                await Console.Error.WriteAsync("Password: ");
            }
            password = ReadSecretLine();
        }
        if (string.IsNullOrEmpty(password))
        {
            throw new InputException(InputProblem.At("password", $"is missing: set {PasswordVariable} or give it on standard input"));
        }
        return password;
    }

    /// <summary>One line; on a terminal it is not echoed.</summary>
    private static string? ReadSecretLine()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
                continue;
            }
            text.Append(key.KeyChar);
        }
    }
}
