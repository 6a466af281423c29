using BenchmarkDotNet.Attributes;
using Planner.CostModel.Evaluation;
using Planner.CostModel.Json;
using Planner.Reports;

namespace Planner.Perf;

/// <summary>
/// Report generation for a 60-month, 3-option scenario (examples/support-assistant.json over 60 months at 20M
/// requests a month). Target: the PDF in under a second. The evaluation is done once in setup: it is not report work.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private ReportInput _input = null!;
    private readonly ReportBuilder _builder = new(TimeProvider.System);

    [GlobalSetup]
    public void Setup()
    {
        var example = ScenarioJson.ReadFile(Repository.File("examples", "support-assistant.json"));
        var scenario = example with
        {
            HorizonMonths = 60,
            Workload = example.Workload with { RequestsPerMonth = 20_000_000 },
        };
        _input = ReportInput.For(scenario, CostEngine.Evaluate(scenario));
    }

    [Benchmark]
    public long Pdf()
    {
        using var output = new MemoryStream();
        _builder.WritePdfAsync(_input, output, ReportOptions.Default).GetAwaiter().GetResult();
        return output.Length;
    }

    [Benchmark]
    public long Xlsx()
    {
        using var output = new MemoryStream();
        _builder.WriteXlsx(_input, output);
        return output.Length;
    }

    [Benchmark]
    public long CsvZip()
    {
        using var output = new MemoryStream();
        _builder.WriteCsvZip(_input, output);
        return output.Length;
    }
}
