using System.CommandLine;
using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Finance;

namespace Planner.Cli.Commands;

/// <summary><c>planner finance npv|irr|xnpv|xirr|pmt</c>: spreadsheet finance functions; each prints the number alone.</summary>
public static class FinanceCommand
{
    public static Command Create()
    {
        var command = new Command("finance", "Spreadsheet finance functions (NPV, IRR, XNPV, XIRR, PMT); each prints the number alone.");
        command.Add(Npv());
        command.Add(Irr());
        command.Add(Xnpv());
        command.Add(Xirr());
        command.Add(Pmt());
        return command;
    }

    private static Option<string> ValuesOption() => new("--values") { Description = "Comma-separated cash flows, e.g. -10000,3000,4200,6800", Required = true };

    private static Option<string> DatesOption() => new("--dates") { Description = "Comma-separated ISO dates, one per value, e.g. 2008-01-01,2008-03-01", Required = true };

    private static Option<string> RateOption() => new("--rate") { Description = "Rate per period, e.g. 0.1", Required = true };

    private static Command Npv()
    {
        var rate = RateOption();
        var values = ValuesOption();
        var command = new Command("npv", "NPV(rate, values): the first value is discounted one period.") { rate, values };
        command.SetAction(parse => Print(FinancialFunctions.Npv(ParseNumber(parse.GetValue(rate), "--rate"), ParseNumbers(parse.GetValue(values), "--values"))));
        return command;
    }

    private static Command Irr()
    {
        var values = ValuesOption();
        var guess = new Option<string>("--guess") { Description = "Starting guess (default 0.1)" };
        var command = new Command("irr", "IRR(values[, guess]): the first value is at period 0.") { values, guess };
        command.SetAction(parse => Print(FinancialFunctions.Irr(
            ParseNumbers(parse.GetValue(values), "--values"),
            parse.GetValue(guess) is { } g ? ParseNumber(g, "--guess") : 0.1)));
        return command;
    }

    private static Command Xnpv()
    {
        var rate = RateOption();
        var values = ValuesOption();
        var dates = DatesOption();
        var command = new Command("xnpv", "XNPV(rate, values, dates): discounted by actual days over a 365-day year.") { rate, values, dates };
        command.SetAction(parse => Print(FinancialFunctions.Xnpv(
            ParseNumber(parse.GetValue(rate), "--rate"),
            ParseNumbers(parse.GetValue(values), "--values"),
            ParseDates(parse.GetValue(dates)))));
        return command;
    }

    private static Command Xirr()
    {
        var values = ValuesOption();
        var dates = DatesOption();
        var guess = new Option<string>("--guess") { Description = "Starting guess (default 0.1)" };
        var command = new Command("xirr", "XIRR(values, dates[, guess]).") { values, dates, guess };
        command.SetAction(parse => Print(FinancialFunctions.Xirr(
            ParseNumbers(parse.GetValue(values), "--values"),
            ParseDates(parse.GetValue(dates)),
            parse.GetValue(guess) is { } g ? ParseNumber(g, "--guess") : 0.1)));
        return command;
    }

    private static Command Pmt()
    {
        var rate = RateOption();
        var nper = new Option<string>("--nper") { Description = "Number of periods", Required = true };
        var pv = new Option<string>("--pv") { Description = "Present value (the loan)", Required = true };
        var fv = new Option<string>("--fv") { Description = "Future value left after the last payment (default 0)" };
        var type = new Option<string>("--type") { Description = "0: pay at the end of each period (default); 1: at the start" };
        var command = new Command("pmt", "PMT(rate, nper, pv[, fv[, type]]): the payment per period.") { rate, nper, pv, fv, type };
        command.SetAction(parse =>
        {
            var typeValue = parse.GetValue(type) is { } typeText ? ParseNumber(typeText, "--type") : 0;
            if (typeValue is not (0 or 1))
            {
                throw new InputException($"--type must be 0 or 1 (got {typeValue.ToString("R", CultureInfo.InvariantCulture)})");
            }
            return Print(FinancialFunctions.Pmt(
                ParseNumber(parse.GetValue(rate), "--rate"),
                ParseNumber(parse.GetValue(nper), "--nper"),
                ParseNumber(parse.GetValue(pv), "--pv"),
                parse.GetValue(fv) is { } f ? ParseNumber(f, "--fv") : 0,
                (int)typeValue));
        });
        return command;
    }

    private static int Print(double value)
    {
        Console.Out.WriteLine(value.ToString("R", CultureInfo.InvariantCulture));
        return ExitCodes.Ok;
    }

    internal static double ParseNumber(string? text, string name)
    {
        if (text is null || !double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new InputException($"{name} must be a finite number such as 0.1 (got \"{text}\")");
        }
        return value;
    }

    private static double[] ParseNumbers(string? text, string name)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var problems = new List<InputProblem>();
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                problems.Add(InputProblem.At($"{name}[{i}]", $"must be a finite number (got \"{parts[i]}\")"));
            }
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        return values;
    }

    private static DateOnly[] ParseDates(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        var problems = new List<InputProblem>();
        var dates = new DateOnly[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!DateOnly.TryParseExact(parts[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out dates[i]))
            {
                problems.Add(InputProblem.At($"--dates[{i}]", $"must be a date as yyyy-MM-dd (got \"{parts[i]}\")"));
            }
        }
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }
        return dates;
    }
}
