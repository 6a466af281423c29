using System.Globalization;
using Planner.CostModel.Uncertainty;
using Spectre.Console;

namespace Planner.Cli.Commands;

/// <summary>The readable console form of a Monte Carlo result.</summary>
public static class SimulationTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(SimulationResult result) => PlainConsole.Render(console => Write(console, result));

    public static void Write(IAnsiConsole console, SimulationResult r)
    {
        console.WriteLine($"{r.Scenario}: {r.Trials.ToString("N0", Invariant)} trials, seed {r.Seed.ToString(Invariant)} ({r.Currency})");
        var recommended = r.GetOption(r.Recommendation);
        console.WriteLine($"At the base values {recommended.Name} is cheapest; it is cheapest in {recommended.ProbabilityCheapest.ToString("P1", Invariant)} of trials.");

        var pv = PlainConsole.RightAlignedTable("Present value of cost", StatisticsHeaders("P(cheapest)"));
        foreach (var o in r.Options)
        {
            pv.AddRow(PlainConsole.Cells([o.Id, o.ProbabilityCheapest.ToString("P1", Invariant), .. StatisticsCells(o.PresentValue, r.Currency)]));
        }
        console.Write(pv);

        var savings = PlainConsole.RightAlignedTable($"NPV savings against the baseline ({r.Baseline})", StatisticsHeaders("P(saves)"));
        foreach (var o in r.Options.Where(o => o.NpvSavings is not null))
        {
            var s = o.NpvSavings!;
            savings.AddRow(PlainConsole.Cells([o.Id, o.ProbabilityBeatsBaseline!.Value.ToString("P1", Invariant), .. StatisticsCells(s, r.Currency)]));
        }
        console.Write(savings);

        if (r.BenefitsPresentValue is { } benefits)
        {
            var npv = PlainConsole.RightAlignedTable("NPV with the benefits (benefits present value minus cost)", StatisticsHeaders("P(NPV > 0)"));
            npv.AddRow(PlainConsole.Cells(["(benefits)", "", .. StatisticsCells(benefits, r.Currency)]));
            foreach (var o in r.Options.Where(o => o.Npv is not null))
            {
                npv.AddRow(PlainConsole.Cells([o.Id, o.ProbabilityPositiveNpv!.Value.ToString("P1", Invariant), .. StatisticsCells(o.Npv!, r.Currency)]));
            }
            console.Write(npv);
        }

        var tornado = new Table().Border(TableBorder.Simple).Title($"What drives the result (rank correlation with {r.TornadoMetric})");
        tornado.AddColumn("input");
        tornado.AddColumn(new TableColumn("rank correlation").RightAligned());
        tornado.AddColumn(new TableColumn("P5 .. P95 used").RightAligned());
        tornado.AddColumn(new TableColumn("clamped").RightAligned());
        var inputs = r.Inputs.ToDictionary(i => i.Input, StringComparer.Ordinal);
        foreach (var bar in r.Tornado)
        {
            var input = inputs[bar.Input];
            tornado.AddRow(PlainConsole.Cells(
                bar.Label,
                bar.RankCorrelation.ToString("+0.00;-0.00;0.00", Invariant),
                $"{EvaluationTable.Number(input.P5)} .. {EvaluationTable.Number(input.P95)} {bar.Unit}",
                input.ClampedFraction > 0 ? input.ClampedFraction.ToString("P1", Invariant) : ""));
        }
        console.Write(tornado);

        if (r.ValueTornado is { } valueTornado)
        {
            var value = new Table().Border(TableBorder.Simple).Title($"What drives the value (rank correlation with the npv of {r.Recommendation})");
            value.AddColumn("input");
            value.AddColumn(new TableColumn("rank correlation").RightAligned());
            foreach (var bar in valueTornado)
            {
                value.AddRow(PlainConsole.Cells(bar.Label, bar.RankCorrelation.ToString("+0.00;-0.00;0.00", Invariant)));
            }
            console.Write(value);
        }
    }

    /// <summary>The columns of a table of <see cref="StatisticsCells"/>, after the option and its probability.</summary>
    private static string[] StatisticsHeaders(string probability) =>
        ["option", probability, "mean", "± std. error", "std. dev.", "P5", "P10", "P50", "P90", "P95"];

    private static string[] StatisticsCells(SampleStatistics s, string currency) =>
    [
        EvaluationTable.Money(s.Mean, currency),
        s.StandardError.ToString("N0", Invariant),
        s.StdDev.ToString("N0", Invariant),
        s.P5.ToString("N0", Invariant),
        s.P10.ToString("N0", Invariant),
        s.P50.ToString("N0", Invariant),
        s.P90.ToString("N0", Invariant),
        s.P95.ToString("N0", Invariant),
    ];
}
