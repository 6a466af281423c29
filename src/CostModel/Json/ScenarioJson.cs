using System.Globalization;
using System.Text.Json;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
using Planner.CostModel.Text;
using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.Json;

/// <summary>
/// Reads scenario JSON (docs/scenario-format.md, schema in docs/scenario.schema.json; <see cref="ScenarioJsonWriter"/>
/// writes it). Reading collects every problem (wrong type, unknown field, missing field, out of range) and throws one
/// <see cref="InputException"/> listing them all, each an <see cref="InputProblem"/> at its JSON path.
/// </summary>
public static class ScenarioJson
{
    /// <summary>How scenario JSON is read everywhere (comments skipped, no trailing commas): a scenario saved with comments loads again.</summary>
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly string[] ScenarioProperties =
    [
        "$schema", "name", "description", "localized", "currency", "horizonMonths", "discountRateAnnual", "taxRateAnnual", "workload", "baseline",
        "options", "benefits", "notes", "sensitivity", "correlations",
    ];

    /// <summary>The workload's hourly profiles, read beside its numeric fields.</summary>
    internal static readonly string[] WorkloadProfiles = ["hourlyShares", "weekendHourlyShares"];

    /// <summary>The workload's served model, read beside its numeric fields (it is no cost input: nothing varies it).</summary>
    internal static readonly string[] WorkloadModel = ["model", "modelParametersBillions"];

    private static readonly string[] OptionTextProperties = ["id", "kind", "name", "notes", "gpu", "cloudOffer", "apiPrice", "throughputFrom", "trainingFrom", "capacityFrom", "latencyFrom"];

    /// <summary>Parses and validates a scenario; references to catalogs and benchmarks are kept unresolved.</summary>
    public static Scenario Parse(string json, bool allowUnresolvedReferences = true)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new InputException(InputProblem.General(NotJson.With(ex.Message)));
        }
        using (document)
        {
            if (FindInvalidText(document.RootElement, "") is { } badText)
            {
                throw new InputException(badText);
            }
            var reader = new Reader();
            var scenario = reader.ReadScenario(document.RootElement);
            var problems = reader.Problems;
            if (scenario is not null && !reader.DroppedOption)
            {
                // Range problems are reported with type problems in one pass; a field the reader already
                // reported (a wrong type, a missing part) is not reported again as missing or out of range.
                var reported = problems.Where(p => p.Path.Length > 0).Select(p => p.Path).ToArray();
                problems.AddRange(ScenarioValidator.Validate(scenario, allowUnresolvedReferences)
                    .Where(problem => !reported.Any(path => IsWithin(problem.Path, path))));
            }
            if (problems.Count > 0 || scenario is null)
            {
                throw new InputException(problems);
            }
            return scenario;
        }
    }

    /// <summary>
    /// The first string or property name that is not valid Unicode (an unpaired surrogate escape such as "\ud800",
    /// which JSON allows and .NET strings cannot be read from), as a problem at its path; null when every text is valid.
    /// </summary>
    private static InputProblem? FindInvalidText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path.Length == 0 ? InputProblem.General(ScenarioNotUnicode.With()) : InputProblem.At(path, NotUnicode.With());
                }
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return InputProblem.General(path.Length == 0 ? NameNotUnicode.With() : NameInNotUnicode.With(path));
                    }
                    if (FindInvalidText(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidText(item, $"{path}[{i++}]") is { } problem)
                    {
                        return problem;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Reads a scenario as it was being edited, values out of range and all (the editor's draft of unsaved work keeps
    /// what the person typed, problems included); null when the text is not a scenario this reader can read.
    /// </summary>
    public static Scenario? ReadAsEdited(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var reader = new Reader();
            var scenario = reader.ReadScenario(document.RootElement);
            return reader.Problems.Count == 0 && !reader.DroppedOption ? scenario : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static Scenario ReadFile(string path, bool allowUnresolvedReferences = true)
    {
        if (!File.Exists(path))
        {
            throw new InputException(InputProblem.General(FileNotFound.With(path)));
        }
        return Parse(File.ReadAllText(path), allowUnresolvedReferences);
    }

    private sealed class Reader
    {
        public List<InputProblem> Problems { get; } = [];

        /// <summary>An option could not be read at all, so later option indices no longer match the file.</summary>
        public bool DroppedOption { get; private set; }

        private readonly Dictionary<string, InputOrigin> _origins = new(StringComparer.Ordinal);
        private readonly List<UncertainInput> _uncertain = [];

        public Scenario? ReadScenario(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Problems.Add(InputProblem.General(NotAnObjectScenario.With(Describe(root))));
                return null;
            }
            CheckKnown(root, "", ScenarioProperties, OfScenario.With());

            var name = ReadString(root, "name", "name", required: true) ?? "";
            var scenario = new Scenario
            {
                Name = name,
                Description = ReadString(root, "description", "description"),
                Localized = ReadLocalized(root),
                Currency = ReadString(root, "currency", "currency") ?? "USD",
                HorizonMonths = 0,
                Workload = new Workload(),
                Baseline = "",
                Options = [],
                Notes = ReadNotes(root),
            };
            foreach (var field in InputFields.Scenario)
            {
                scenario = (Scenario)ReadNumber(root, field, scenario, "", field.Name);
            }

            if (Property(root, "workload", "workload", JsonValueKind.Object, required: true) is { } workloadElement)
            {
                scenario = scenario with { Workload = ReadWorkload(workloadElement) };
            }
            if (Property(root, "benefits", "benefits", JsonValueKind.Object, required: false) is { } benefitsElement)
            {
                scenario = scenario with { Benefits = ReadBenefits(benefitsElement) };
            }

            var options = new List<SourcingOption>();
            if (Property(root, "options", "options", JsonValueKind.Array, required: true) is { } optionsElement)
            {
                var index = 0;
                foreach (var element in optionsElement.EnumerateArray())
                {
                    if (ReadOption(element, index) is { } option)
                    {
                        options.Add(option);
                    }
                    else
                    {
                        DroppedOption = true;
                    }
                    index++;
                }
                if (index == 0)
                {
                    Problems.Add(InputProblem.At("options", NoOption.With()));
                }
            }

            var baseline = ReadString(root, "baseline", "baseline") ?? options.FirstOrDefault()?.Id ?? "";
            var sensitivity = ReadSensitivity(root);
            var correlations = ReadCorrelations(root);
            return scenario with
            {
                Options = options,
                Baseline = baseline,
                Sensitivity = sensitivity,
                Correlations = correlations,
                Uncertainties = _uncertain.ToArray(),
                Origins = new Dictionary<string, InputOrigin>(_origins, StringComparer.Ordinal),
            };
        }

        /// <summary>The workload's fields and its optional daily profile (docs/methodology.md, "Demand with a shape").</summary>
        private Workload ReadWorkload(JsonElement element)
        {
            CheckKnown(element, "workload.", [.. InputFields.Workload.Select(f => f.Name), .. WorkloadProfiles, .. WorkloadModel], OfWorkload.With());
            var workload = (Workload)ReadFields(element, InputFields.Workload, new Workload(), "workload.", "workload.", OfWorkload.With(), checkUnknown: false);
            IReadOnlyList<double>? Shares(string name) =>
                element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? ReadDoubleArray(element, name, "workload." + name) : null;
            return workload with
            {
                HourlyShares = Shares("hourlyShares"),
                WeekendHourlyShares = Shares("weekendHourlyShares"),
                Model = ReadString(element, "model", "workload.model"),
                ModelParametersBillions = ReadDouble(element, "modelParametersBillions", "workload.modelParametersBillions"),
            };
        }

        /// <summary>The typed value fields and any value models (docs/decisions/016-value-models.md).</summary>
        private Benefits ReadBenefits(JsonElement element)
        {
            CheckKnown(element, "benefits.", [.. InputFields.Benefits.Select(f => f.Name), .. ValueModels.All.Select(m => m.JsonName)], OfBenefits.With());
            var benefits = (Benefits)ReadFields(element, InputFields.Benefits, new Benefits(), "benefits.", "benefits.", OfBenefits.With(), checkUnknown: false);
            foreach (var model in ValueModels.All)
            {
                var prefix = $"benefits.{model.JsonName}.";
                if (Property(element, model.JsonName, "benefits." + model.JsonName, JsonValueKind.Object, required: false) is { } modelElement)
                {
                    benefits = model.With(benefits, ReadFields(modelElement, model.Fields, model.Create(), prefix, prefix, WithArticle(OfValueModel, OfValueModelAn, model.JsonName)));
                }
            }
            return benefits;
        }

        private SourcingOption? ReadOption(JsonElement element, int index)
        {
            var path = $"options[{index}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problems.Add(InputProblem.At(path, MustBeObject.With(Describe(element))));
                return null;
            }
            var id = ReadString(element, "id", path + ".id", required: true);
            var kindText = ReadString(element, "kind", path + ".kind", required: true);
            if (id is null || kindText is null)
            {
                return null;
            }
            if (OptionKinds.FindByJsonName(kindText) is not { } kind)
            {
                Problems.Add(InputProblem.At($"{path}.kind", ProblemPhrases.OneOf(OptionKinds.JsonNames, kindText)));
                return null;
            }
            var option = kind.Create(id);
            var fields = kind.Fields;
            CheckKnown(element, path + ".", [.. OptionTextProperties, .. kind.OptionLinks.Select(l => l.Name), .. fields.Select(f => f.Name)], WithArticle(OfOption, OfOptionAn, kindText));
            option = (SourcingOption)ReadFields(element, fields, option, path + ".", id + ".", OfKey.With(path), checkUnknown: false);
            foreach (var link in kind.OptionLinks)
            {
                option = link.Set(option, ReadString(element, link.Name, $"{path}.{link.Name}"));
            }
            return option with
            {
                Name = ReadString(element, "name", path + ".name"),
                Notes = ReadString(element, "notes", path + ".notes"),
                References = ReadReferences(element, path),
            };
        }

        private OptionReferences ReadReferences(JsonElement element, string path)
        {
            var references = new OptionReferences
            {
                Gpu = ReadString(element, "gpu", path + ".gpu"),
                CloudOffer = ReadString(element, "cloudOffer", path + ".cloudOffer"),
                ApiPrice = ReadString(element, "apiPrice", path + ".apiPrice"),
                TrainingFrom = ReadTrainingReference(element, path),
            };
            references = references with
            {
                CapacityFrom = ReadServingRun(element, "capacityFrom", path + ".capacityFrom"),
                LatencyFrom = ReadServingRun(element, "latencyFrom", path + ".latencyFrom"),
            };
            if (Property(element, "throughputFrom", path + ".throughputFrom", JsonValueKind.Object, required: false) is not { } from)
            {
                return references;
            }
            var fromPath = path + ".throughputFrom";
            CheckKnown(from, fromPath + ".", ["run", "model", "preset", "precision", "batch", "projection", "overrideModelSize"], OfKey.With("throughputFrom"));
            ProjectionReference? projection = null;
            if (Property(from, "projection", fromPath + ".projection", JsonValueKind.Object, required: false) is { } p)
            {
                var pPath = fromPath + ".projection";
                CheckKnown(p, pPath + ".", ["model", "gpu", "gpus", "precision", "batch", "contextLength", "inputTokens", "outputTokens", "kvAllocation"], OfKey.With("projection"));
                projection = new ProjectionReference
                {
                    Model = ReadString(p, "model", pPath + ".model", required: true) ?? "",
                    Gpu = ReadString(p, "gpu", pPath + ".gpu", required: true) ?? "",
                    Gpus = ReadInt(p, "gpus", pPath + ".gpus", 1, 4096) ?? 1,
                    Precision = ReadString(p, "precision", pPath + ".precision") ?? "bf16",
                    Batch = ReadInt(p, "batch", pPath + ".batch", 1, 1_000_000) ?? 1,
                    ContextLength = ReadInt(p, "contextLength", pPath + ".contextLength", 1, 10_000_000),
                    InputTokens = ReadInt(p, "inputTokens", pPath + ".inputTokens", 1, 10_000_000),
                    OutputTokens = ReadInt(p, "outputTokens", pPath + ".outputTokens", 1, 10_000_000),
                    KvAllocation = ReadKvAllocation(p, pPath + ".kvAllocation"),
                };
            }
            var reference = new ThroughputReference
            {
                Run = ReadString(from, "run", fromPath + ".run"),
                Model = ReadString(from, "model", fromPath + ".model"),
                Preset = ReadString(from, "preset", fromPath + ".preset"),
                Precision = ReadString(from, "precision", fromPath + ".precision"),
                Batch = ReadInt(from, "batch", fromPath + ".batch", 1, 1_000_000),
                Projection = projection,
                OverrideModelSize = ReadString(from, "overrideModelSize", fromPath + ".overrideModelSize"),
            };
            if (projection is null && (reference.Run is null || reference.Model is null))
            {
                Problems.Add(InputProblem.At(fromPath, NeitherRunNorProjection.With()));
            }
            return references with { ThroughputFrom = reference };
        }

        /// <summary>A projection's kvAllocation: null when absent, else reserve or onDemand (another name is a problem naming the field).</summary>
        private Serving.KvAllocation? ReadKvAllocation(JsonElement projection, string path)
        {
            if (ReadString(projection, "kvAllocation", path) is not { } name)
            {
                return null;
            }
            if (Serving.KvAllocations.TryParse(name, out var allocation))
            {
                return allocation;
            }
            Problems.Add(InputProblem.At(path, ProblemPhrases.OneOf(Serving.KvAllocations.Names, name)));
            return null;
        }

        private TrainingReference? ReadTrainingReference(JsonElement element, string path)
        {
            var fromPath = path + ".trainingFrom";
            if (Property(element, "trainingFrom", fromPath, JsonValueKind.Object, required: false) is not { } from)
            {
                return null;
            }
            CheckKnown(from, fromPath + ".", ["run", "model", "dataset", "batch", "rows"], OfKey.With("trainingFrom"));
            var run = ReadString(from, "run", fromPath + ".run", required: true);
            var model = ReadString(from, "model", fromPath + ".model", required: true);
            var dataset = ReadString(from, "dataset", fromPath + ".dataset");
            var batch = ReadInt(from, "batch", fromPath + ".batch", 1, 1_000_000);
            var rows = ReadInt(from, "rows", fromPath + ".rows", 1, 1_000_000_000);
            return run is null || model is null ? null : new TrainingReference { Run = run, Model = model, Dataset = dataset, Batch = batch, Rows = rows };
        }

        /// <summary><c>{ "run": ID, "rate": R }</c> or <c>{ "run": ID, "concurrency": C }</c> (a load of the run named by neither, one or the other).</summary>
        private ServingRunReference? ReadServingRun(JsonElement parent, string name, string path)
        {
            if (Property(parent, name, path, JsonValueKind.Object, required: false) is not { } element)
            {
                return null;
            }
            CheckKnown(element, path + ".", ["run", "rate", "concurrency"], OfKey.With(name));
            var run = ReadString(element, "run", path + ".run", required: true);
            var rate = ReadDouble(element, "rate", path + ".rate");
            if (rate is { } r && !(r > 0 && r <= ServingLoad.MaxRate))
            {
                Problems.Add(InputProblem.At(path + ".rate", ProblemPhrases.OutOfRange(ProblemPhrases.Between("> 0", "<= " + Format(ServingLoad.MaxRate)), ProblemPhrases.RequestsPerSecond.With(), Format(r))));
            }
            var concurrency = ReadInt(element, "concurrency", path + ".concurrency", 1, ServingLoad.MaxConcurrency);
            if (rate is not null && concurrency is not null)
            {
                Problems.Add(InputProblem.At(path, RateAndConcurrency.With()));
            }
            return run is null ? null : new ServingRunReference { Run = run, Rate = rate, Concurrency = concurrency };
        }

        private object ReadFields(JsonElement element, IReadOnlyList<InputField> fields, object owner,
            string pathPrefix, string keyPrefix, Phrase context, bool checkUnknown = true)
        {
            if (checkUnknown)
            {
                CheckKnown(element, pathPrefix, fields.Select(f => f.Name).ToArray(), context);
            }
            foreach (var field in fields)
            {
                owner = ReadNumber(element, field, owner, pathPrefix, keyPrefix + field.Name);
            }
            return owner;
        }

        private object ReadNumber(JsonElement parent, InputField field, object owner, string pathPrefix, string key)
        {
            var path = pathPrefix + field.Name;
            if (!parent.TryGetProperty(field.Name, out var element))
            {
                if (field.Requirement == Requirement.Optional)
                {
                    _origins[key] = InputOrigin.Default;
                }
                else if (field.Requirement == Requirement.Required && field.SuppliedBy is null)
                {
                    Problems.Add(InputProblem.At(path, RequiredInRange.With(field.Range.AsPhrase())));
                }
                return owner;
            }
            double value;
            switch (element.ValueKind)
            {
                case JsonValueKind.Number:
                    if (!element.TryGetDouble(out value) || !double.IsFinite(value))
                    {
                        Problems.Add(InputProblem.At(path, ProblemPhrases.NotFinite(element.GetRawText())));
                        return owner;
                    }
                    break;
                case JsonValueKind.Object when !field.IsInteger:
                    var uncertain = ReadDistribution(element, path, key);
                    if (uncertain is null)
                    {
                        return owner;
                    }
                    _uncertain.Add(uncertain);
                    value = uncertain.BaseValue ?? uncertain.Distribution.ExpectedValue();
                    break;
                default:
                    Problems.Add(InputProblem.At(path, (field.IsInteger ? NotAWholeNumber : NotANumberOrDistribution).With(Describe(element))));
                    return owner;
            }
            if (field.IsInteger && Math.Abs(value - Math.Round(value)) > 0)
            {
                Problems.Add(InputProblem.At(path, NotWhole.With(Format(value))));
                return owner;
            }
            if (field.IsInteger && !field.Range.Contains(value))
            {
                // Whole-number fields are ints: 1e308 must be refused here, before it is converted.
                Problems.Add(InputProblem.At(path, ProblemPhrases.OutOfRange(field.Range.AsPhrase(), Format(value))));
                return owner;
            }
            return field.Set(owner, value);
        }

        private UncertainInput? ReadDistribution(JsonElement element, string path, string key)
        {
            var kindText = ReadString(element, "distribution", path + ".distribution", required: true);
            if (kindText is null)
            {
                return null;
            }
            if (!Enum.TryParse<DistributionKind>(kindText, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || kindText.Any(char.IsDigit))
            {
                Problems.Add(InputProblem.At($"{path}.distribution", ProblemPhrases.OneOf("triangular, pert, normal, lognormal, uniform, discrete", kindText)));
                return null;
            }
            var parameters = Distribution.ParametersOf(kind);
            CheckKnown(element, path + ".", ["distribution", "value", .. parameters], WithArticle(OfDistribution, OfDistributionAn, kindText));
            double? Optional(string name) => ReadDouble(element, name, path + "." + name);
            var distribution = new Distribution
            {
                Kind = kind,
                Min = parameters.Contains("min") ? Optional("min") : null,
                Mode = parameters.Contains("mode") ? Optional("mode") : null,
                Max = parameters.Contains("max") ? Optional("max") : null,
                Mean = parameters.Contains("mean") ? Optional("mean") : null,
                StdDev = parameters.Contains("stdDev") ? Optional("stdDev") : null,
                Values = parameters.Contains("values") ? ReadDoubleArray(element, "values", path + ".values") : [],
                Weights = parameters.Contains("weights") ? ReadDoubleArray(element, "weights", path + ".weights") : [],
            };
            var problems = distribution.Validate(path);
            if (problems.Count > 0)
            {
                Problems.AddRange(problems);
                return null;
            }
            return new UncertainInput(key, distribution) { BaseValue = ReadDouble(element, "value", path + ".value") };
        }

        private SensitivitySettings ReadSensitivity(JsonElement root)
        {
            if (Property(root, "sensitivity", "sensitivity", JsonValueKind.Object, required: false) is not { } element)
            {
                return SensitivitySettings.Default;
            }
            CheckKnown(element, "sensitivity.", ["lowFactor", "highFactor", "ranges"], OfKey.With("sensitivity"));
            var ranges = new Dictionary<string, SensitivityRange>(StringComparer.Ordinal);
            if (Property(element, "ranges", "sensitivity.ranges", JsonValueKind.Object, required: false) is { } rangesElement)
            {
                foreach (var property in rangesElement.EnumerateObject())
                {
                    var path = $"sensitivity.ranges[\"{property.Name}\"]";
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        Problems.Add(InputProblem.At(path, NotARange.With(Describe(property.Value))));
                        continue;
                    }
                    CheckKnown(property.Value, path + ".", ["low", "high"], OfSensitivityRange.With());
                    var low = ReadDouble(property.Value, "low", path + ".low", required: true);
                    var high = ReadDouble(property.Value, "high", path + ".high", required: true);
                    if (low is { } l && high is { } h)
                    {
                        ranges[property.Name] = new SensitivityRange(l, h);
                    }
                }
            }
            return new SensitivitySettings
            {
                LowFactor = ReadDouble(element, "lowFactor", "sensitivity.lowFactor") ?? SensitivitySettings.Default.LowFactor,
                HighFactor = ReadDouble(element, "highFactor", "sensitivity.highFactor") ?? SensitivitySettings.Default.HighFactor,
                Ranges = ranges,
            };
        }

        private List<RankCorrelation> ReadCorrelations(JsonElement root)
        {
            var correlations = new List<RankCorrelation>();
            if (Property(root, "correlations", "correlations", JsonValueKind.Array, required: false) is not { } array)
            {
                return correlations;
            }
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var path = $"correlations[{index++}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    Problems.Add(InputProblem.At(path, NotACorrelation.With(Describe(element))));
                    continue;
                }
                CheckKnown(element, path + ".", ["inputs", "rank"], OfCorrelation.With());
                var rank = ReadDouble(element, "rank", path + ".rank", required: true);
                if (Property(element, "inputs", path + ".inputs", JsonValueKind.Array, required: true) is not { } inputs)
                {
                    continue;
                }
                var keys = inputs.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToArray();
                if (keys.Length != 2 || keys.Any(k => k is null))
                {
                    Problems.Add(InputProblem.At($"{path}.inputs", NotTwoInputs.With()));
                    continue;
                }
                if (rank is { } r)
                {
                    correlations.Add(new RankCorrelation(keys[0]!, keys[1]!, r));
                }
            }
            return correlations;
        }

        /// <summary><c>"localized": {"zh-CN": {"name": "...", "description": "..."}}</c>: keys from <see cref="ScenarioLanguages.Tags"/>.</summary>
        private Dictionary<string, LocalizedText> ReadLocalized(JsonElement root)
        {
            var localized = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
            if (Property(root, "localized", "localized", JsonValueKind.Object, required: false) is not { } element)
            {
                return localized;
            }
            foreach (var language in element.EnumerateObject())
            {
                // A key is quoted in the path cut short, so that a huge key never makes a huge message.
                var path = $"localized[\"{(language.Name.Length <= 40 ? language.Name : language.Name[..40] + "…")}\"]";
                if (!ScenarioLanguages.Tags.Contains(language.Name, StringComparer.Ordinal))
                {
                    Problems.Add(InputProblem.At(path, ScenarioValidator.UnknownLanguage.With(string.Join(", ", ScenarioLanguages.Tags))));
                    continue;
                }
                if (language.Value.ValueKind != JsonValueKind.Object)
                {
                    Problems.Add(InputProblem.At(path, NotATranslation.With(Describe(language.Value))));
                    continue;
                }
                CheckKnown(language.Value, path + ".", ["name", "description"], OfTranslation.With());
                if (ReadString(language.Value, "name", path + ".name", required: true) is { } name)
                {
                    localized[language.Name] = new LocalizedText(name, ReadString(language.Value, "description", path + ".description"));
                }
            }
            return localized;
        }

        private string? ReadNotes(JsonElement root)
        {
            if (!root.TryGetProperty("notes", out var element))
            {
                return null;
            }
            if (element.ValueKind == JsonValueKind.String)
            {
                return element.GetString();
            }
            if (element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                return string.Join("\n", element.EnumerateArray().Select(e => e.GetString()));
            }
            Problems.Add(InputProblem.At("notes", NotNotes.With(Describe(element))));
            return null;
        }

        private JsonElement? Property(JsonElement parent, string name, string path, JsonValueKind kind, bool required)
        {
            if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Problems.Add(InputProblem.At(path, ProblemPhrases.Required()));
                }
                return null;
            }
            if (element.ValueKind != kind)
            {
                Problems.Add(InputProblem.At(path, MustBeOfKind.With(Article(kind), Describe(element))));
                return null;
            }
            return element;
        }

        private string? ReadString(JsonElement parent, string name, string path, bool required = false)
        {
            if (Property(parent, name, path, JsonValueKind.String, required) is not { } element)
            {
                return null;
            }
            var text = element.GetString();
            if (required && string.IsNullOrWhiteSpace(text))
            {
                Problems.Add(InputProblem.At(path, ProblemPhrases.NotEmpty()));
                return null;
            }
            return text;
        }

        private double? ReadDouble(JsonElement parent, string name, string path, bool required = false)
        {
            if (Property(parent, name, path, JsonValueKind.Number, required) is not { } element)
            {
                return null;
            }
            if (!element.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                Problems.Add(InputProblem.At(path, ProblemPhrases.NotFinite(element.GetRawText())));
                return null;
            }
            return value;
        }

        private int? ReadInt(JsonElement parent, string name, string path, int min, int max)
        {
            if (ReadDouble(parent, name, path) is not { } value)
            {
                return null;
            }
            if (value != Math.Round(value) || value < min || value > max)
            {
                Problems.Add(InputProblem.At(path, ProblemPhrases.WholeBetween(min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture), Format(value))));
                return null;
            }
            return (int)value;
        }

        private double[] ReadDoubleArray(JsonElement parent, string name, string path)
        {
            if (Property(parent, name, path, JsonValueKind.Array, required: false) is not { } array)
            {
                return [];
            }
            var values = new List<double>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var v) && double.IsFinite(v))
                {
                    values.Add(v);
                }
                else
                {
                    Problems.Add(InputProblem.At($"{path}[{index}]", NotFiniteElement.With(Describe(element))));
                }
                index++;
            }
            return values.ToArray();
        }

        private void CheckKnown(JsonElement element, string pathPrefix, IReadOnlyCollection<string> known, Phrase context)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    Problems.Add(InputProblem.At($"{pathPrefix}{property.Name}", NotAField.With(context, string.Join(", ", known.Where(k => k != "$schema")))));
                }
            }
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The JSON path a problem line starts with ("options[1].gpuHourPrice must be ..." -> "options[1].gpuHourPrice").</summary>
    private static bool IsWithin(string path, string parent) =>
        path == parent || (path.StartsWith(parent, StringComparison.Ordinal) && path.Length > parent.Length && path[parent.Length] is '.' or '[');

    /// <summary>"a {0} option" or "an {0} option", as the word after the article begins.</summary>
    private static Phrase WithArticle(PhraseTemplate a, PhraseTemplate an, string word) =>
        ("aeiou".Contains(char.ToLowerInvariant(word[0]), StringComparison.Ordinal) ? an : a).With(word);

    private static Phrase Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => AnObject.With(),
        JsonValueKind.Array => AnArray.With(),
        JsonValueKind.String => AString.With(),
        JsonValueKind.Number => ANumber.With(),
        _ => OfKey.With(kind.ToString().ToLowerInvariant()),
    };

    /// <summary>What a JSON value is, for "(got …)": its kind and, for a scalar, the value.</summary>
    private static Phrase Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => GotString.With(Truncate(element.GetString() ?? "")),
        JsonValueKind.Number => GotNumber.With(element.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => GotBoolean.With(element.GetRawText()),
        JsonValueKind.Null => GotNull.With(),
        JsonValueKind.Array => AnArray.With(),
        JsonValueKind.Object => AnObject.With(),
        _ => OfKey.With(element.ValueKind.ToString()),
    };

    private static readonly PhraseTemplate NotJson = new("json.notJson", "the scenario is not valid JSON: {0}");
    /// <summary>"scenario file not found: {path}", as every host that reads scenario files says it.</summary>
    public static readonly PhraseTemplate FileNotFound = new("json.fileNotFound", "scenario file not found: {0}");
    private static readonly PhraseTemplate NotUnicode = new("json.notUnicode", "must be valid Unicode text (it holds an unpaired surrogate escape such as \\ud800)");
    private static readonly PhraseTemplate ScenarioNotUnicode = new("json.scenarioNotUnicode",
        "the scenario must be valid Unicode text (it holds an unpaired surrogate escape such as \\ud800)");
    private static readonly PhraseTemplate NameNotUnicode = new("json.nameNotUnicode",
        "a property name must be valid Unicode text (it holds an unpaired surrogate escape such as \\ud800)");
    private static readonly PhraseTemplate NameInNotUnicode = new("json.nameInNotUnicode",
        "a property name in {0} must be valid Unicode text (it holds an unpaired surrogate escape such as \\ud800)");
    private static readonly PhraseTemplate NotAnObjectScenario = new("json.scenarioNotObject", "the scenario must be a JSON object (got {0})");
    private static readonly PhraseTemplate NoOption = new("json.noOption", "must list at least one option");
    private static readonly PhraseTemplate MustBeObject = new("json.mustBeObject", "must be an object (got {0})");
    private static readonly PhraseTemplate MustBeOfKind = new("json.mustBeOfKind", "must be {0} (got {1})");
    private static readonly PhraseTemplate NeitherRunNorProjection = new("json.neitherRunNorProjection", "must name either a benchmark result (run and model) or a projection");
    private static readonly PhraseTemplate RateAndConcurrency = new("json.rateAndConcurrency", "names rate and concurrency; name one of them (the load of the run's serving result to take)");
    private static readonly PhraseTemplate RequiredInRange = new("json.requiredInRange", "is required ({0})");
    private static readonly PhraseTemplate NotAWholeNumber = new("json.notAWholeNumber", "must be a number (a whole number) (got {0})");
    private static readonly PhraseTemplate NotANumberOrDistribution = new("json.notANumberOrDistribution", "must be a number or a distribution object (got {0})");
    private static readonly PhraseTemplate NotWhole = new("json.notWhole", "must be a whole number (got {0})");
    private static readonly PhraseTemplate NotARange = new("json.notARange", "must be an object with low and high (got {0})");
    private static readonly PhraseTemplate NotACorrelation = new("json.notACorrelation", "must be an object with inputs and rank (got {0})");
    private static readonly PhraseTemplate NotTwoInputs = new("json.notTwoInputs", "must list exactly two input keys as strings");
    private static readonly PhraseTemplate NotATranslation = new("json.notATranslation", "must be an object with a name and an optional description (got {0})");
    private static readonly PhraseTemplate NotNotes = new("json.notNotes", "must be a string or an array of strings (got {0})");
    private static readonly PhraseTemplate NotFiniteElement = new("json.notFiniteElement", "must be a finite number (got {0})");
    private static readonly PhraseTemplate NotAField = new("json.notAField", "is not a field of {0} (known: {1})");
    private static readonly PhraseTemplate OfScenario = new("json.ofScenario", "a scenario");
    private static readonly PhraseTemplate OfWorkload = new("json.ofWorkload", "a workload");
    private static readonly PhraseTemplate OfBenefits = new("json.ofBenefits", "a benefits");
    private static readonly PhraseTemplate OfOption = new("json.ofOption", "a {0} option");
    private static readonly PhraseTemplate OfOptionAn = new("json.ofOptionAn", "an {0} option");
    private static readonly PhraseTemplate OfValueModel = new("json.ofValueModel", "a {0} value model");
    private static readonly PhraseTemplate OfValueModelAn = new("json.ofValueModelAn", "an {0} value model");
    private static readonly PhraseTemplate OfDistribution = new("json.ofDistribution", "a {0} distribution");
    private static readonly PhraseTemplate OfDistributionAn = new("json.ofDistributionAn", "an {0} distribution");
    private static readonly PhraseTemplate OfSensitivityRange = new("json.ofSensitivityRange", "a sensitivity range");
    private static readonly PhraseTemplate OfCorrelation = new("json.ofCorrelation", "a correlation");
    private static readonly PhraseTemplate OfTranslation = new("json.ofTranslation", "a translation");
    /// <summary>A JSON key or path standing for the object it names ("throughputFrom", "options[1]"), written as it is.</summary>
    private static readonly PhraseTemplate OfKey = new("json.ofKey", "{0}");
    private static readonly PhraseTemplate AnObject = new("json.anObject", "an object");
    private static readonly PhraseTemplate AnArray = new("json.anArray", "an array");
    private static readonly PhraseTemplate AString = new("json.aString", "a string");
    private static readonly PhraseTemplate ANumber = new("json.aNumber", "a number");
    private static readonly PhraseTemplate GotString = new("json.gotString", "string \"{0}\"");
    private static readonly PhraseTemplate GotNumber = new("json.gotNumber", "number {0}");
    private static readonly PhraseTemplate GotBoolean = new("json.gotBoolean", "boolean {0}");
    private static readonly PhraseTemplate GotNull = new("json.gotNull", "null");

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
