using System.Globalization;

namespace Planner.Cli.IntegrationTests;

public sealed class FinanceCommandTests
{
    private static double Number(PlannerResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return double.Parse(result.Stdout.Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Npv_prints_the_spreadsheet_example_alone()
    {
        var result = await PlannerProcess.RunAsync("finance", "npv", "--rate", "0.1", "--values=-10000,3000,4200,6800");
        Assert.Equal(1188.44, Number(result), 2);
        Assert.Single(result.Stdout.Trim().Split('\n'));
    }

    [Fact]
    public async Task Irr_matches_the_spreadsheet_example()
    {
        var result = await PlannerProcess.RunAsync("finance", "irr", "--values=-70000,12000,15000,18000,21000,26000");
        Assert.Equal(0.087, Number(result), 3);
    }

    [Fact]
    public async Task Xnpv_and_xirr_match_the_spreadsheet_example()
    {
        const string values = "--values=-10000,2750,4250,3250,2750";
        const string dates = "--dates=2008-01-01,2008-03-01,2008-10-30,2009-02-15,2009-04-01";
        Assert.Equal(2086.647602, Number(await PlannerProcess.RunAsync("finance", "xnpv", "--rate", "0.09", values, dates)), 5);
        // Excel documents 0.373362535; it stops iterating at 1e-8, the exact root is 0.3733625335.
        Assert.Equal(0.373362535, Number(await PlannerProcess.RunAsync("finance", "xirr", values, dates)), 7);
    }

    [Fact]
    public async Task Pmt_matches_the_spreadsheet_examples()
    {
        Assert.Equal(-1037.03, Number(await PlannerProcess.RunAsync("finance", "pmt", "--rate", "0.0066666666666666667", "--nper", "10", "--pv", "10000")), 2);
        Assert.Equal(-129.08, Number(await PlannerProcess.RunAsync("finance", "pmt", "--rate", "0.005", "--nper", "216", "--pv", "0", "--fv", "50000")), 2);
    }

    [Fact]
    public async Task Irr_without_a_sign_change_exits_1_with_the_reason()
    {
        var result = await PlannerProcess.RunAsync("finance", "irr", "--values=100,200,300");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("never change sign", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_exits_2_naming_it()
    {
        var result = await PlannerProcess.RunAsync("finance", "npv", "--rate", "0.1", "--values=100,abc");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("--values[1] must be a finite number (got \"abc\")", result.ErrorLines.Single());
    }
}
