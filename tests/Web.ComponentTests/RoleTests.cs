using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Planner.Data.Accounts;
using Planner.Data.Scenarios;
using Planner.Web.Components.Pages;
using Planner.Web.Components.Shared;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests;

/// <summary>Pages disable or hide what the signed-in user's role does not allow, and say why.</summary>
public sealed class RoleTests : MudTestContext
{
    private async Task<IRenderedComponent<Editor>> RenderSavedExampleAsync()
    {
        Render<MudPopoverProvider>();
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "support-assistant.json"));
        var stored = await Services.GetRequiredService<ScenarioStore>().SaveAsync(new ScenarioSave { Json = json, Owner = "test" }, CancellationToken.None);
        return Render<Editor>(p => p.Add(e => e.Id, stored.Id));
    }

    [Fact]
    public async Task A_viewer_sees_save_disabled_with_the_reason_and_no_delete()
    {
        SignedInAs("vera", PlannerRoles.Viewer);
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example(), "support-assistant");

        var cut = Render<Editor>();

        Assert.True(cut.Find("[data-testid=save]").HasAttribute("disabled"));
        Assert.Contains("editor role", cut.Find("[data-testid=needs-role]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=delete]"));
    }

    [Fact]
    public async Task On_a_read_only_store_save_is_disabled_with_that_reason_not_the_role()
    {
        // What ReadOnlyStoreClaims makes of any user on a read-only store: a viewer carrying the read-only claim.
        SignedInAs("ada", PlannerRoles.Viewer);
        Authorization.SetClaims(new System.Security.Claims.Claim(Planner.Web.Access.PlannerAccess.ReadOnlyStoreClaim, "true"));
        Render<MudPopoverProvider>();
        await Services.GetRequiredService<ScenarioWorkspace>().LoadAsync(Example(), "support-assistant");

        var cut = Render<Editor>();

        Assert.True(cut.Find("[data-testid=save]").HasAttribute("disabled"));
        var reason = cut.Find("[data-testid=needs-role]").TextContent;
        Assert.Contains("read-only store", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("role", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_saves_under_its_own_name_but_may_not_delete()
    {
        SignedInAs("eddie", PlannerRoles.Editor);
        var cut = await RenderSavedExampleAsync();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=stored-version]")), TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=needs-role]"));
        Assert.Empty(cut.FindAll("[data-testid=delete]"));
    }

    [Fact]
    public async Task An_admin_may_delete()
    {
        SignedInAs("ada", PlannerRoles.Admin);
        var cut = await RenderSavedExampleAsync();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=delete]")), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_editor_creates_a_token_shown_once_and_sees_only_its_own()
    {
        var accounts = Services.GetRequiredService<AccountService>();
        await accounts.AddUserAsync("eddie", PlannerRoles.Editor, "a long enough password", null, "test", CancellationToken.None);
        await accounts.AddUserAsync("other", PlannerRoles.Editor, "a long enough password", null, "test", CancellationToken.None);
        await accounts.CreateTokenAsync("other", TokenScopes.Write, "not eddie's", "test", CancellationToken.None);
        SignedInAs("eddie", PlannerRoles.Editor);
        Render<MudPopoverProvider>();

        var cut = Render<Planner.Web.Components.Pages.Account.TokensPage>();
        cut.Find("[data-testid=create-token]").Click();

        cut.WaitForAssertion(() => Assert.Contains(AccountService.TokenPrefix, cut.Find("[data-testid=new-token]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var tokens = await accounts.ListTokensAsync("eddie", CancellationToken.None);
        Assert.Equal(TokenScopes.Read, Assert.Single(tokens).Scope);
        Assert.DoesNotContain("not eddie's", cut.Find("[data-testid=tokens-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalogs_are_read_only_for_an_editor()
    {
        SignedInAs("eddie", PlannerRoles.Editor);
        Render<MudPopoverProvider>();

        var cut = Render<CatalogPanel>(p => p.Add(c => c.Kind, Planner.Data.Catalogs.CatalogKinds.Get("gpus")));

        cut.WaitForAssertion(() => Assert.Contains("admin role", cut.Find("[data-testid=needs-role]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Empty(cut.FindAll("[data-testid=import-gpus]"));
    }
}
