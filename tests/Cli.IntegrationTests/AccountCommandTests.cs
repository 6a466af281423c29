using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Planner.Cli.IntegrationTests;

/// <summary><c>planner user</c> and <c>planner token</c> through the real process, on a temporary PLANNER_DB.</summary>
public sealed class AccountCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("planner-accounts-").FullName;

    private string Database => Path.Combine(_folder, "planner.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<PlannerResult> Planner(string[] args, string? input = null, string? password = null)
    {
        var environment = new Dictionary<string, string> { ["PLANNER_DB"] = Database };
        if (password is not null)
        {
            environment["PLANNER_PASSWORD"] = password;
        }
        return PlannerProcess.RunAsync(args, environment, _folder, input);
    }

    [Fact]
    public async Task User_add_takes_the_password_from_stdin_or_the_environment_and_lists_roles()
    {
        var fromStdin = await Planner(["user", "add", "--name", "ada", "--role", "admin"], input: "a long enough password\n");
        var fromEnvironment = await Planner(["user", "add", "--name", "eve", "--role", "viewer"], password: "another long password");

        Assert.True(fromStdin.ExitCode == 0, fromStdin.ToString());
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        var list = await Planner(["user", "list", "--format", "json"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        var users = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToDictionary(u => u.GetProperty("name").GetString()!, u => u.GetProperty("role").GetString());
        Assert.Equal("admin", users["ada"]);
        Assert.Equal("viewer", users["eve"]);
    }

    [Fact]
    public async Task User_add_refuses_a_short_or_missing_password_and_an_unknown_role_with_exit_2()
    {
        var tooShort = await Planner(["user", "add", "--name", "bob", "--role", "editor"], input: "short\n");
        var missing = await Planner(["user", "add", "--name", "bob", "--role", "editor"], input: "");
        var badRole = await Planner(["user", "add", "--name", "bob", "--role", "owner"], password: "a long enough password");

        Assert.Equal(2, tooShort.ExitCode);
        Assert.Contains(tooShort.ErrorLines, l => l.StartsWith("password:", StringComparison.Ordinal) && l.Contains("12", StringComparison.Ordinal));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(missing.ErrorLines, l => l.Contains("PLANNER_PASSWORD", StringComparison.Ordinal));
        Assert.Equal(2, badRole.ExitCode);
        var list = await Planner(["user", "list", "--format", "json"]);
        Assert.Equal(0, JsonDocument.Parse(list.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task The_last_admin_cannot_be_removed_and_another_account_can()
    {
        await Planner(["user", "add", "--name", "ada", "--role", "admin"], password: "a long enough password");
        await Planner(["user", "add", "--name", "bob", "--role", "editor"], password: "a long enough password");

        var last = await Planner(["user", "remove", "ada"]);
        var other = await Planner(["user", "remove", "bob"]);

        Assert.Equal(2, last.ExitCode);
        Assert.Contains(last.ErrorLines, l => l.Contains("last admin", StringComparison.Ordinal));
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Equal(2, (await Planner(["user", "remove", "nobody"])).ExitCode);
    }

    [Fact]
    public async Task Token_create_prints_the_token_once_stores_only_its_hash_and_revoke_marks_it()
    {
        await Planner(["user", "add", "--name", "agent", "--role", "editor"], password: "a long enough password");

        var created = await Planner(["token", "create", "--user", "agent", "--scope", "write", "--label", "gpu box"]);

        Assert.True(created.ExitCode == 0, created.ToString());
        var token = created.Stdout.Trim();
        Assert.StartsWith("plnr_", token, StringComparison.Ordinal);
        var list = await Planner(["token", "list", "--format", "json"]);
        Assert.DoesNotContain(token, list.Stdout, StringComparison.Ordinal);
        var row = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single();
        Assert.Equal("write", row.GetProperty("scope").GetString());
        Assert.False(row.GetProperty("revoked").GetBoolean());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), await StoredHashAsync());

        var revoked = await Planner(["token", "revoke", row.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        var after = JsonDocument.Parse((await Planner(["token", "list", "--format", "json"])).Stdout).RootElement.EnumerateArray().Single();
        Assert.True(after.GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task Token_create_for_an_unknown_account_or_scope_exits_2()
    {
        var unknownUser = await Planner(["token", "create", "--user", "ghost", "--scope", "read"]);
        var unknownScope = await Planner(["token", "create", "--user", "ghost", "--scope", "admin"]);

        Assert.Equal(2, unknownUser.ExitCode);
        Assert.Contains(unknownUser.ErrorLines, l => l.Contains("ghost", StringComparison.Ordinal));
        Assert.Equal(2, unknownScope.ExitCode);
    }

    private async Task<string> StoredHashAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Hash FROM ApiTokens";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
