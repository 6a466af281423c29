using System.Globalization;
using System.Text;

namespace Planner.CostModel.Evaluation;

/// <summary>Monthly cash flows as CSV (RFC 4180, invariant culture): one row per option and month.</summary>
public static class CashFlowCsv
{
    public static readonly string[] Columns =
    [
        "option", "kind", "month", "requests", "tokens", "gpus", "servers", "cash", "usage", "compute", "energy", "colocation",
        "maintenance", "staff", "capex", "setup", "fixed", "resale", "depreciation", "energyKwh",
    ];

    public static string Write(ScenarioEvaluation evaluation)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var option in evaluation.Options)
        {
            foreach (var m in option.Months)
            {
                csv.Append(Quote(option.Id)).Append(',').Append(option.Kind).Append(',').Append(m.Month.ToString(CultureInfo.InvariantCulture));
                foreach (var value in new[] { m.Requests, m.Tokens, m.Gpus, m.Servers, m.Cash, m.Usage, m.Compute, m.Energy, m.Colocation,
                    m.Maintenance, m.Staff, m.Capex, m.Setup, m.Fixed, m.Resale, m.Depreciation, m.EnergyKwh })
                {
                    csv.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
                }
                csv.Append("\r\n");
            }
        }
        return csv.ToString();
    }

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
