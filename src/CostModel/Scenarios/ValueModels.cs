using Planner.CostModel.Inputs;

namespace Planner.CostModel.Scenarios;

/// <summary>
/// Quality inspection: the value of one inspected item (one request) from defects caught, less the cost of good items
/// wrongly rejected (docs/methodology.md, "Value models"). Required fields start as NaN so validation names each missing one.
/// </summary>
public sealed record QualityInspectionValue
{
    /// <summary>Share of inspected items that are defective.</summary>
    public double DefectRate { get; init; } = double.NaN;

    /// <summary>Share of the defective items the model catches (recall).</summary>
    public double DetectionRate { get; init; } = double.NaN;

    /// <summary>Cost of one defect that reaches the customer (warranty, returns, recall share, goodwill).</summary>
    public double EscapedDefectCost { get; init; } = double.NaN;

    /// <summary>Share of good items the model rejects.</summary>
    public double FalseRejectRate { get; init; }

    /// <summary>Cost of one good item rejected (re-inspection, scrap or rework).</summary>
    public double FalseRejectCost { get; init; }

    /// <summary>defectRate x detectionRate x escapedDefectCost - (1 - defectRate) x falseRejectRate x falseRejectCost.</summary>
    public double ValuePerItem => DefectRate * DetectionRate * EscapedDefectCost - (1 - DefectRate) * FalseRejectRate * FalseRejectCost;
}

/// <summary>Predictive maintenance: unplanned downtime avoided, less the inspections that false alarms cause, per month.</summary>
public sealed record PredictiveMaintenanceValue
{
    public double DowntimeHoursAvoidedPerMonth { get; init; } = double.NaN;

    public double DowntimeCostPerHour { get; init; } = double.NaN;

    public double FalseAlarmsPerMonth { get; init; }

    public double InspectionCostPerFalseAlarm { get; init; }

    /// <summary>downtimeHoursAvoidedPerMonth x downtimeCostPerHour - falseAlarmsPerMonth x inspectionCostPerFalseAlarm.</summary>
    public double MonthlyValue => DowntimeHoursAvoidedPerMonth * DowntimeCostPerHour - FalseAlarmsPerMonth * InspectionCostPerFalseAlarm;
}

/// <summary>Production-line optimization: the margin on the extra good units a throughput or yield gain brings, per month.</summary>
public sealed record LineOptimizationValue
{
    public double UnitsPerMonth { get; init; } = double.NaN;

    public double GainFraction { get; init; } = double.NaN;

    public double MarginPerUnit { get; init; } = double.NaN;

    /// <summary>unitsPerMonth x gainFraction x marginPerUnit.</summary>
    public double MonthlyValue => UnitsPerMonth * GainFraction * MarginPerUnit;
}

/// <summary>Whether a value model's value counts per request (it scales with demand) or per month.</summary>
public enum ValueBasis
{
    PerRequest,
    PerMonth,
}

/// <summary>
/// One structured value model of <see cref="Benefits"/>: its JSON name, its table of input fields (which drives reading,
/// writing, validation, the editor and the workbook like every other input), its formula and the same formula for the
/// workbook. See docs/decisions/016-value-models.md.
/// </summary>
public sealed class ValueModel
{
    private IReadOnlyList<InputField>? _benefitsFields;

    internal ValueModel(string jsonName, string label, ValueBasis basis, IReadOnlyList<InputField> fields, Func<object> create,
        Func<Benefits, object?> get, Func<Benefits, object?, Benefits> with, Func<object, double> value, Func<Func<string, string>, string> sheetFormula)
    {
        JsonName = jsonName;
        Label = label;
        Basis = basis;
        Fields = fields;
        Create = create;
        Get = get;
        With = with;
        _value = value;
        _sheetFormula = sheetFormula;
    }

    private readonly Func<object, double> _value;
    private readonly Func<Func<string, string>, string> _sheetFormula;

    /// <summary>The property name under "benefits", e.g. "qualityInspection".</summary>
    public string JsonName { get; }

    public string Label { get; }

    public ValueBasis Basis { get; }

    /// <summary>The model's numeric inputs; their owner is the model's record (e.g. <see cref="QualityInspectionValue"/>).</summary>
    public IReadOnlyList<InputField> Fields { get; }

    /// <summary>The model's record with no numbers yet (validation names each required one).</summary>
    public Func<object> Create { get; }

    /// <summary>The model's record in <paramref name="benefits"/>, or null when the scenario does not use the model.</summary>
    public Func<Benefits, object?> Get { get; }

    public Func<Benefits, object?, Benefits> With { get; }

    /// <summary>The model's value: per request or per month, by <see cref="Basis"/>.</summary>
    public double Value(object part) => _value(part);

    /// <summary>The value as a spreadsheet formula; <c>cell</c> gives the cell (or defined name) of a field by its JSON name.</summary>
    public string SheetFormula(Func<string, string> cell) => _sheetFormula(cell);

    /// <summary>The fields as fields of <see cref="Benefits"/> (a missing model reads as a fresh one), for the scenario's input list.</summary>
    internal IReadOnlyList<InputField> BenefitsFields => _benefitsFields ??= Fields
        .Select(f => f.Within(o => Get((Benefits)o) ?? Create(), (o, part) => With((Benefits)o, part)))
        .ToArray();
}

/// <summary>The value models a scenario's benefits may use, in the order they are read, written and listed.</summary>
public static class ValueModels
{
    public static readonly ValueModel QualityInspection = new(
        "qualityInspection", "Quality inspection", ValueBasis.PerRequest,
        [
            new("defectRate", "Defect rate (quality inspection)", "fraction", NumberRange.Fraction,
                o => ((QualityInspectionValue)o).DefectRate, (o, v) => (QualityInspectionValue)o with { DefectRate = v }, Requirement.Required,
                help: "The share of inspected items that are defective.", methodologyAnchor: "value-models"),
            new("detectionRate", "Defects caught (recall, quality inspection)", "fraction", NumberRange.Fraction,
                o => ((QualityInspectionValue)o).DetectionRate, (o, v) => (QualityInspectionValue)o with { DetectionRate = v }, Requirement.Required,
                help: "The share of defective items the model catches (its recall, measured on labelled images).", methodologyAnchor: "value-models"),
            new("escapedDefectCost", "Cost of an escaped defect", "¤/defect", NumberRange.Between(0, 1e9),
                o => ((QualityInspectionValue)o).EscapedDefectCost, (o, v) => (QualityInspectionValue)o with { EscapedDefectCost = v }, Requirement.Required,
                help: "What one defect that reaches the customer costs: warranty, returns, rework and goodwill.", methodologyAnchor: "value-models"),
            new("falseRejectRate", "False-reject rate (quality inspection)", "fraction", NumberRange.Fraction,
                o => ((QualityInspectionValue)o).FalseRejectRate, (o, v) => (QualityInspectionValue)o with { FalseRejectRate = v },
                help: "The share of good items the model wrongly rejects.", methodologyAnchor: "value-models"),
            new("falseRejectCost", "Cost of a false reject", "¤/item", NumberRange.Between(0, 1e9),
                o => ((QualityInspectionValue)o).FalseRejectCost, (o, v) => (QualityInspectionValue)o with { FalseRejectCost = v },
                help: "What one good item rejected costs: a re-check, rework or scrap.", methodologyAnchor: "value-models"),
        ],
        () => new QualityInspectionValue(),
        b => b.QualityInspection, (b, part) => b with { QualityInspection = (QualityInspectionValue?)part },
        o => ((QualityInspectionValue)o).ValuePerItem,
        c => $"{c("defectRate")}*{c("detectionRate")}*{c("escapedDefectCost")}-(1-{c("defectRate")})*{c("falseRejectRate")}*{c("falseRejectCost")}");

    public static readonly ValueModel PredictiveMaintenance = new(
        "predictiveMaintenance", "Predictive maintenance", ValueBasis.PerMonth,
        [
            new("downtimeHoursAvoidedPerMonth", "Unplanned downtime avoided", "hours/month", NumberRange.Between(0, 1e6),
                o => ((PredictiveMaintenanceValue)o).DowntimeHoursAvoidedPerMonth, (o, v) => (PredictiveMaintenanceValue)o with { DowntimeHoursAvoidedPerMonth = v },
                Requirement.Required,
                help: "Hours of unplanned downtime a month that early warnings avoid.", methodologyAnchor: "value-models"),
            new("downtimeCostPerHour", "Cost of an hour of unplanned downtime", "¤/hour", NumberRange.Between(0, 1e9),
                o => ((PredictiveMaintenanceValue)o).DowntimeCostPerHour, (o, v) => (PredictiveMaintenanceValue)o with { DowntimeCostPerHour = v }, Requirement.Required,
                help: "What an hour of unplanned downtime costs: the lost margin plus repair premiums.", methodologyAnchor: "value-models"),
            new("falseAlarmsPerMonth", "False alarms (predictive maintenance)", "alarms/month", NumberRange.Between(0, 1e6),
                o => ((PredictiveMaintenanceValue)o).FalseAlarmsPerMonth, (o, v) => (PredictiveMaintenanceValue)o with { FalseAlarmsPerMonth = v },
                help: "Alarms a month that send a technician to a machine with nothing wrong.", methodologyAnchor: "value-models"),
            new("inspectionCostPerFalseAlarm", "Inspection cost per false alarm", "¤/alarm", NumberRange.Between(0, 1e9),
                o => ((PredictiveMaintenanceValue)o).InspectionCostPerFalseAlarm, (o, v) => (PredictiveMaintenanceValue)o with { InspectionCostPerFalseAlarm = v },
                help: "What inspecting a machine after a false alarm costs.", methodologyAnchor: "value-models"),
        ],
        () => new PredictiveMaintenanceValue(),
        b => b.PredictiveMaintenance, (b, part) => b with { PredictiveMaintenance = (PredictiveMaintenanceValue?)part },
        o => ((PredictiveMaintenanceValue)o).MonthlyValue,
        c => $"{c("downtimeHoursAvoidedPerMonth")}*{c("downtimeCostPerHour")}-{c("falseAlarmsPerMonth")}*{c("inspectionCostPerFalseAlarm")}");

    public static readonly ValueModel LineOptimization = new(
        "lineOptimization", "Production-line optimization", ValueBasis.PerMonth,
        [
            new("unitsPerMonth", "Units produced (line optimization)", "units/month", NumberRange.Between(0, 1e12),
                o => ((LineOptimizationValue)o).UnitsPerMonth, (o, v) => (LineOptimizationValue)o with { UnitsPerMonth = v }, Requirement.Required,
                help: "Units the optimized lines produce in a month.", methodologyAnchor: "value-models"),
            new("gainFraction", "Throughput or yield gain (line optimization)", "fraction", NumberRange.Fraction,
                o => ((LineOptimizationValue)o).GainFraction, (o, v) => (LineOptimizationValue)o with { GainFraction = v }, Requirement.Required,
                help: "The throughput or yield gain from the model's set points, as a share of the units produced.", methodologyAnchor: "value-models"),
            new("marginPerUnit", "Margin per extra unit", "¤/unit", NumberRange.Between(0, 1e9),
                o => ((LineOptimizationValue)o).MarginPerUnit, (o, v) => (LineOptimizationValue)o with { MarginPerUnit = v }, Requirement.Required,
                help: "The contribution margin of one extra good unit.", methodologyAnchor: "value-models"),
        ],
        () => new LineOptimizationValue(),
        b => b.LineOptimization, (b, part) => b with { LineOptimization = (LineOptimizationValue?)part },
        o => ((LineOptimizationValue)o).MonthlyValue,
        c => $"{c("unitsPerMonth")}*{c("gainFraction")}*{c("marginPerUnit")}");

    public static readonly IReadOnlyList<ValueModel> All = [QualityInspection, PredictiveMaintenance, LineOptimization];

    public static ValueModel? FindByJsonName(string name) => All.FirstOrDefault(m => string.Equals(m.JsonName, name, StringComparison.Ordinal));

    /// <summary>"qualityInspection, predictiveMaintenance, lineOptimization".</summary>
    public static string JsonNames => string.Join(", ", All.Select(m => m.JsonName));

    /// <summary>The model whose record <paramref name="part"/> is, or null.</summary>
    internal static ValueModel? Owning(object part) => All.FirstOrDefault(m => m.Create().GetType() == part.GetType());
}
