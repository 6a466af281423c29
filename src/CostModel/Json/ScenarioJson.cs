using System.Globalization;
using System.Text.Json;
using Planner.CostModel.Inputs;
using Planner.CostModel.Scenarios;
using Planner.CostModel.Serving;
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
            throw new InputException($"the scenario is not valid JSON: {ex.Message}");
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
        const string Rule = "must be valid Unicode text (it holds an unpaired surrogate escape such as \\ud800)";
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
                    return path.Length == 0 ? InputProblem.General($"the scenario {Rule}") : InputProblem.At(path, Rule);
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
                        return InputProblem.General($"a property name{(path.Length == 0 ? "" : " in " + path)} {Rule}");
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
            throw new InputException($"scenario file not found: {path}");
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
                Problems.Add(InputProblem.General($"the scenario must be a JSON object (got {Describe(root)})"));
                return null;
            }
            CheckKnown(root, "", ScenarioProperties, "scenario");

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
                    Problems.Add(InputProblem.At("options", "must list at least one option"));
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
            CheckKnown(element, "workload.", [.. InputFields.Workload.Select(f => f.Name), .. WorkloadProfiles, .. WorkloadModel], "workload");
            var workload = (Workload)ReadFields(element, InputFields.Workload, new Workload(), "workload.", "workload.", "workload", checkUnknown: false);
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
            CheckKnown(element, "benefits.", [.. InputFields.Benefits.Select(f => f.Name), .. ValueModels.All.Select(m => m.JsonName)], "benefits");
            var benefits = (Benefits)ReadFields(element, InputFields.Benefits, new Benefits(), "benefits.", "benefits.", "benefits", checkUnknown: false);
            foreach (var model in ValueModels.All)
            {
                var prefix = $"benefits.{model.JsonName}.";
                if (Property(element, model.JsonName, "benefits." + model.JsonName, JsonValueKind.Object, required: false) is { } modelElement)
                {
                    benefits = model.With(benefits, ReadFields(modelElement, model.Fields, model.Create(), prefix, prefix, $"{model.JsonName} value model"));
                }
            }
            return benefits;
        }

        private SourcingOption? ReadOption(JsonElement element, int index)
        {
            var path = $"options[{index}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                Problems.Add(InputProblem.At(path, $"must be an object (got {Describe(element)})"));
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
                Problems.Add(InputProblem.At($"{path}.kind", $"must be one of {OptionKinds.JsonNames} (got \"{kindText}\")"));
                return null;
            }
            var option = kind.Create(id);
            var fields = kind.Fields;
            CheckKnown(element, path + ".", [.. OptionTextProperties, .. kind.OptionLinks.Select(l => l.Name), .. fields.Select(f => f.Name)], $"{kindText} option");
            option = (SourcingOption)ReadFields(element, fields, option, path + ".", id + ".", path, checkUnknown: false);
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
            CheckKnown(from, fromPath + ".", ["run", "model", "preset", "precision", "batch", "projection", "overrideModelSize"], "throughputFrom");
            ProjectionReference? projection = null;
            if (Property(from, "projection", fromPath + ".projection", JsonValueKind.Object, required: false) is { } p)
            {
                var pPath = fromPath + ".projection";
                CheckKnown(p, pPath + ".", ["model", "gpu", "gpus", "precision", "batch", "contextLength", "inputTokens", "outputTokens"], "projection");
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
                Problems.Add(InputProblem.At(fromPath, "must name either a benchmark result (run and model) or a projection"));
            }
            return references with { ThroughputFrom = reference };
        }

        private TrainingReference? ReadTrainingReference(JsonElement element, string path)
        {
            var fromPath = path + ".trainingFrom";
            if (Property(element, "trainingFrom", fromPath, JsonValueKind.Object, required: false) is not { } from)
            {
                return null;
            }
            CheckKnown(from, fromPath + ".", ["run", "model", "dataset", "batch", "rows"], "trainingFrom");
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
            CheckKnown(element, path + ".", ["run", "rate", "concurrency"], name);
            var run = ReadString(element, "run", path + ".run", required: true);
            var rate = ReadDouble(element, "rate", path + ".rate");
            if (rate is { } r && !(r > 0 && r <= ServingLoad.MaxRate))
            {
                Problems.Add(InputProblem.At(path + ".rate", $"must be > 0 and <= {Format(ServingLoad.MaxRate)} requests/s (got {Format(r)})"));
            }
            var concurrency = ReadInt(element, "concurrency", path + ".concurrency", 1, ServingLoad.MaxConcurrency);
            if (rate is not null && concurrency is not null)
            {
                Problems.Add(InputProblem.At(path, "names rate and concurrency; name one of them (the load of the run's serving result to take)"));
            }
            return run is null ? null : new ServingRunReference { Run = run, Rate = rate, Concurrency = concurrency };
        }

        private object ReadFields(JsonElement element, IReadOnlyList<InputField> fields, object owner,
            string pathPrefix, string keyPrefix, string context, bool checkUnknown = true)
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
                    Problems.Add(InputProblem.At(path, $"is required ({field.Range.Describe()})"));
                }
                return owner;
            }
            double value;
            switch (element.ValueKind)
            {
                case JsonValueKind.Number:
                    if (!element.TryGetDouble(out value) || !double.IsFinite(value))
                    {
                        Problems.Add(InputProblem.At(path, $"must be a finite number (got {element.GetRawText()})"));
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
                    Problems.Add(InputProblem.At(path, $"must be a number{(field.IsInteger ? " (a whole number)" : " or a distribution object")} (got {Describe(element)})"));
                    return owner;
            }
            if (field.IsInteger && Math.Abs(value - Math.Round(value)) > 0)
            {
                Problems.Add(InputProblem.At(path, $"must be a whole number (got {Format(value)})"));
                return owner;
            }
            if (field.IsInteger && !field.Range.Contains(value))
            {
                // Whole-number fields are ints: 1e308 must be refused here, before it is converted.
                Problems.Add(InputProblem.At(path, $"{field.Range.Describe()} (got {Format(value)})"));
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
                Problems.Add(InputProblem.At($"{path}.distribution", $"must be one of triangular, pert, normal, lognormal, uniform, discrete (got \"{kindText}\")"));
                return null;
            }
            var parameters = Distribution.ParametersOf(kind);
            CheckKnown(element, path + ".", ["distribution", "value", .. parameters], $"{kindText} distribution");
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
            CheckKnown(element, "sensitivity.", ["lowFactor", "highFactor", "ranges"], "sensitivity");
            var ranges = new Dictionary<string, SensitivityRange>(StringComparer.Ordinal);
            if (Property(element, "ranges", "sensitivity.ranges", JsonValueKind.Object, required: false) is { } rangesElement)
            {
                foreach (var property in rangesElement.EnumerateObject())
                {
                    var path = $"sensitivity.ranges[\"{property.Name}\"]";
                    if (property.Value.ValueKind != JsonValueKind.Object)
                    {
                        Problems.Add(InputProblem.At(path, $"must be an object with low and high (got {Describe(property.Value)})"));
                        continue;
                    }
                    CheckKnown(property.Value, path + ".", ["low", "high"], "sensitivity range");
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
                    Problems.Add(InputProblem.At(path, $"must be an object with inputs and rank (got {Describe(element)})"));
                    continue;
                }
                CheckKnown(element, path + ".", ["inputs", "rank"], "correlation");
                var rank = ReadDouble(element, "rank", path + ".rank", required: true);
                if (Property(element, "inputs", path + ".inputs", JsonValueKind.Array, required: true) is not { } inputs)
                {
                    continue;
                }
                var keys = inputs.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToArray();
                if (keys.Length != 2 || keys.Any(k => k is null))
                {
                    Problems.Add(InputProblem.At($"{path}.inputs", "must list exactly two input keys as strings"));
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
                    Problems.Add(InputProblem.At(path, $"is not a language a scenario is translated into (known: {string.Join(", ", ScenarioLanguages.Tags)})"));
                    continue;
                }
                if (language.Value.ValueKind != JsonValueKind.Object)
                {
                    Problems.Add(InputProblem.At(path, $"must be an object with a name and an optional description (got {Describe(language.Value)})"));
                    continue;
                }
                CheckKnown(language.Value, path + ".", ["name", "description"], "translation");
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
            Problems.Add(InputProblem.At("notes", $"must be a string or an array of strings (got {Describe(element)})"));
            return null;
        }

        private JsonElement? Property(JsonElement parent, string name, string path, JsonValueKind kind, bool required)
        {
            if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Problems.Add(InputProblem.At(path, "is required"));
                }
                return null;
            }
            if (element.ValueKind != kind)
            {
                Problems.Add(InputProblem.At(path, $"must be {Article(kind)} (got {Describe(element)})"));
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
                Problems.Add(InputProblem.At(path, "must not be empty"));
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
                Problems.Add(InputProblem.At(path, $"must be a finite number (got {element.GetRawText()})"));
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
                Problems.Add(InputProblem.At(path, $"must be a whole number >= {min} and <= {max} (got {Format(value)})"));
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
                    Problems.Add(InputProblem.At($"{path}[{index}]", $"must be a finite number (got {Describe(element)})"));
                }
                index++;
            }
            return values.ToArray();
        }

        private void CheckKnown(JsonElement element, string pathPrefix, IReadOnlyCollection<string> known, string context)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    Problems.Add(InputProblem.At($"{pathPrefix}{property.Name}", $"is not a field of {WithArticle(context)} (known: {string.Join(", ", known.Where(k => k != "$schema"))})"));
                }
            }
        }
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The JSON path a problem line starts with ("options[1].gpuHourPrice must be ..." -> "options[1].gpuHourPrice").</summary>
    private static bool IsWithin(string path, string parent) =>
        path == parent || (path.StartsWith(parent, StringComparison.Ordinal) && path.Length > parent.Length && path[parent.Length] is '.' or '[');

    private static string WithArticle(string noun) => ("aeiou".Contains(char.ToLowerInvariant(noun[0]), StringComparison.Ordinal) ? "an " : "a ") + noun;

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"string \"{Truncate(element.GetString() ?? "")}\"",
        JsonValueKind.Number => $"number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"boolean {element.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => element.ValueKind.ToString(),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
