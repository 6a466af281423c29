using Microsoft.AspNetCore.Components;
using Planner.CostModel;
using Planner.CostModel.Projection;
using Planner.Data.Catalogs;
using Planner.Data.Entities;
using Planner.Data.Projections;
using Planner.Web.Services;

namespace Planner.Web.Components.Pages;

/// <summary>
/// The projection page: a model from the models catalog on GPUs from the gpus catalog, projected by
/// <see cref="ProjectionService.Project"/> (the lookups and messages of <c>planner project</c> and of scenario
/// projections) each time the form changes; the projector's problem lines are shown under the fields they name.
/// </summary>
public partial class ProjectionPage
{
    /// <summary>The form fields, named as the projector's problem lines name them.</summary>
    private static readonly string[] Fields = ["model", "gpu", "gpus", "precision", "batch", "contextLength", "inputTokens", "outputTokens", "engine"];

    [Inject] private CatalogService Catalogs { get; set; } = default!;

    private IReadOnlyList<CatalogModelShape>? _models;
    private IReadOnlyList<CatalogGpu>? _gpus;
    private string? _model;
    private string? _gpu;
    private int? _gpuCount = 1;
    private string _precision = Precisions.Name(Precision.Bf16);
    private int? _batch = 1;
    private int? _context;
    private int? _inputTokens;
    private int? _outputTokens;
    private string _engine = EnginePresets.DefaultName;
    private Projection? _projection;
    private CostModel.Projection.Validation.ValidationReport? _accuracy;
    private string? _accuracyProblem;
    private IReadOnlyList<InputProblem> _problems = [];
    private IReadOnlyList<ThroughputChoice> _choices = [];
    private string _noChoice = "";

    private CatalogModelShape? SelectedModel => _models?.FirstOrDefault(m => m.Name == _model);

    private CatalogGpu? SelectedGpu => _gpus?.FirstOrDefault(g => g.Name == _gpu);

    protected override async Task OnInitializedAsync()
    {
        _models = await Catalogs.ListAsync<CatalogModelShape>(Aborted);
        _gpus = await Catalogs.ListAsync<CatalogGpu>(Aborted);
        (_model, _gpu) = Planner.Web.Services.ReplicaDefaults.Choose(_models, _gpus);
        (_accuracy, _accuracyProblem) = Accuracy(_models, _gpus);
        Recompute();
    }

    private void SetModel(string? model) => Change(() => _model = model);

    private void SetGpu(string? gpu) => Change(() => _gpu = gpu);

    private void SetGpuCount(int? gpus) => Change(() => _gpuCount = gpus);

    private void SetPrecision(string precision) => Change(() => _precision = precision);

    private void SetBatch(int? batch) => Change(() => _batch = batch);

    private void SetContext(int? context) => Change(() => _context = context);

    private void SetInputTokens(int? tokens) => Change(() => _inputTokens = tokens);

    private void SetOutputTokens(int? tokens) => Change(() => _outputTokens = tokens);

    private void SetEngine(string engine) => Change(() => _engine = engine);

    /// <summary>The shipped validation set against the catalogs the page read: how far to trust a projection (docs/methodology.md, "Validation").</summary>
    private (CostModel.Projection.Validation.ValidationReport?, string?) Accuracy(IReadOnlyList<CatalogModelShape> models, IReadOnlyList<CatalogGpu> gpus)
    {
        try
        {
            var cases = PublishedMeasurements.Resolve(PublishedMeasurements.Read(), models, gpus);
            return (CostModel.Projection.Validation.ValidationReport.Evaluate(cases, engine => EnginePresets.Get(engine)), null);
        }
        catch (InputException ex)
        {
            return (null, L["ValidationUnchecked", string.Join("; ", ex.Problems)].Value);
        }
    }

    /// <summary>
    /// What the validation set covers, read from its cases so that the accuracy statement describes the same cases its
    /// figures come from: the engines, the GPU models (as <see cref="GpuClass.ModelOf"/> names them) and the GPU counts.
    /// </summary>
    internal static (string Engines, string Gpus, int MinGpus, int MaxGpus) Coverage(CostModel.Projection.Validation.ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cases = report.Errors.Select(e => e.Case).ToList();
        if (cases.Count == 0)
        {
            return ("", "", 0, 0);
        }
        return (string.Join(", ", cases.Select(c => c.Engine).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)),
            string.Join(", ", cases.Select(c => GpuClass.ModelOf(c.Gpu) ?? c.Gpu).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            cases.Min(c => c.Gpus), cases.Max(c => c.Gpus));
    }

    private void Change(Action set)
    {
        set();
        Recompute();
    }

    /// <summary>
    /// Projects the form's values over the catalog rows read when the page opened: synchronous, so the problem lines
    /// reach the fields in the same render as the value that caused them.
    /// </summary>
    private void Recompute()
    {
        if (_models is null || _gpus is null || _model is null || _gpu is null)
        {
            return;
        }
        try
        {
            _projection = ProjectionService.Project(_models, _gpus, new ProjectionSettings
            {
                Model = _model,
                Gpu = _gpu,
                Gpus = _gpuCount ?? 1,
                Precision = _precision,
                Batch = _batch ?? 1,
                ContextLength = _context,
                InputTokens = _inputTokens,
                OutputTokens = _outputTokens,
                Engine = _engine,
            }, field => field);
            _problems = [];
        }
        catch (InputException ex)
        {
            _projection = null;
            _problems = ex.Problems;
        }
        (_choices, _noChoice) = ScenarioHandOff(_projection, _inputTokens is not null);
    }

    /// <summary>
    /// A projection can supply a scenario's throughput when it fits; the scenario gets the lengths it was projected at
    /// (the input and output tokens typed, else the context).
    /// </summary>
    private (IReadOnlyList<ThroughputChoice> Choices, string NoChoice) ScenarioHandOff(Projection? projection, bool byInputAndOutput) =>
        projection switch
        {
            null => ([], L["FixFirst"].Value),
            { Fits: false } p => ([], L["DoesNotFitNoHandOff", ThroughputProjector.DoesNotFit(p)].Value),
            { } p => ([ThroughputChoice.FromProjection(p, byInputAndOutput)], ""),
        };

    /// <summary>The selected precision's peak on the selected GPU (or why there is none), under the precision field.</summary>
    private string PrecisionHelp =>
        SelectedGpu?.ToSpec().PeakTflops(Precisions.Parse(_precision)) is { } peak
            ? L["PrecisionPeak", Display.Number(peak)]
            : L["PrecisionNoPeak"];

    /// <summary>The problem lines about <paramref name="field"/>, joined; null when none.</summary>
    private string? ProblemAt(string field) => ScenarioProblems.At(_problems, field);

    /// <summary>
    /// The field's own validation, run by MudBlazor after each value change (after <see cref="Recompute"/>, which is
    /// synchronous): without it, that validation would clear the error the page sets on the field.
    /// </summary>
    private Func<T, string?> Check<T>(string field) => _ => ProblemAt(field);

    /// <summary>Problems that name none of the form's fields.</summary>
    private IEnumerable<string> OtherProblems => _problems.Where(p => !Fields.Contains(p.Path)).Select(p => p.Message);

    /// <summary>"1.2 GB", "340.5 MB" or "12.0 kB" (decimal units, like the datasheets).</summary>
    internal static string Gigabytes(double gb) => gb switch
    {
        >= 1 => Display.Number(gb, 1) + " GB",
        >= 1e-3 => Display.Number(gb * 1e3, 1) + " MB",
        _ => Display.Number(gb * 1e6, 1) + " kB",
    };

    /// <summary>Tokens per second: whole numbers from 100 up, one decimal below.</summary>
    internal static string TokensPerSecond(double value) => Display.Number(value, value >= 100 ? 0 : 1) + " tokens/s";

    /// <summary>"141.1 GFLOP", "1.2 TFLOP".</summary>
    internal static string Flops(double flops) => flops switch
    {
        >= 1e12 => Display.Number(flops / 1e12, 1) + " TFLOP",
        >= 1e9 => Display.Number(flops / 1e9, 1) + " GFLOP",
        _ => Display.Number(flops / 1e6, 1) + " MFLOP",
    };

    /// <summary>"70.6 B", "124.4 M" parameters.</summary>
    internal static string Count(double value) => value >= 1e9 ? Display.Number(value / 1e9, 1) + " B" : Display.Number(value / 1e6, 1) + " M";
}
