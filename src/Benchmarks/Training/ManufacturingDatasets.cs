using Microsoft.ML.Data;

namespace Planner.Benchmarks.Training;

/// <summary>One row of a synthetic manufacturing dataset: a feature vector and a binary label.</summary>
public sealed class ManufacturingRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>
/// Seeded synthetic datasets shaped like real manufacturing data. Labels come from a hidden,
/// partly non-linear risk function plus noise, so trainers reach different AUCs and bigger
/// training sets help.
/// </summary>
public static class ManufacturingDatasets
{
    /// <summary>Sensor time-series features of machines; about 3 % fail.</summary>
    public const string PredictiveMaintenance = "predictive-maintenance";

    /// <summary>Measurements of produced parts; about 8 % are defective.</summary>
    public const string QualityControl = "quality-control";

    public static IReadOnlyList<string> Names { get; } = [PredictiveMaintenance, QualityControl];

    public static int FeatureCount(string dataset) => dataset == PredictiveMaintenance ? 10 : 8;

    public static SchemaDefinition Schema(string dataset)
    {
        var schema = SchemaDefinition.Create(typeof(ManufacturingRow));
        schema[nameof(ManufacturingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount(dataset));
        return schema;
    }

    public static IReadOnlyList<ManufacturingRow> Generate(string dataset, int rows, int seed)
    {
        var random = new Random(seed);
        var risks = new double[rows];
        var features = new float[rows][];
        for (var i = 0; i < rows; i++)
        {
            (features[i], risks[i]) = dataset == PredictiveMaintenance ? MachineReading(random) : PartMeasurement(random);
        }
        // The label threshold sets the positive rate: rare failures, more frequent defects.
        var positiveRate = dataset == PredictiveMaintenance ? 0.03 : 0.08;
        var threshold = risks.Order().ElementAt((int)(rows * (1 - positiveRate)));
        return Enumerable.Range(0, rows).Select(i => new ManufacturingRow { Features = features[i], Label = risks[i] >= threshold }).ToArray();
    }

    private static (float[] Features, double Risk) MachineReading(Random random)
    {
        var airTemperature = Normal(random, 300, 2);          // K
        var processTemperature = airTemperature + Normal(random, 10, 1);
        var speed = Normal(random, 1540, 180);                 // rpm
        var torque = Normal(random, 40, 10);                   // Nm
        var toolWear = random.NextDouble() * 250;              // minutes
        var vibrationRms = Math.Abs(Normal(random, 2.5, 0.8)); // mm/s
        var vibrationKurtosis = Normal(random, 3, 0.6);
        var pressure = Normal(random, 6, 0.5);                 // bar
        var temperatureTrend = Normal(random, 0, 0.3);         // K/h over the last window
        var vibrationTrend = Normal(random, 0, 0.2);           // mm/s per hour
        var power = torque * speed * 2 * Math.PI / 60 / 1000;  // kW
        var risk = (0.8 * Math.Max(0, toolWear - 180) / 20)
            + (1.2 * Math.Max(0, Math.Abs(power - 6.5) - 2.5))
            + (1.5 * Math.Max(0, vibrationRms - 3.5))
            + (0.9 * Math.Max(0, vibrationKurtosis - 4))
            + (2.0 * Math.Max(0, temperatureTrend - 0.3))
            + (1.0 * vibrationTrend)
            + Normal(random, 0, 0.6);
        return ([(float)airTemperature, (float)processTemperature, (float)speed, (float)torque, (float)toolWear,
            (float)vibrationRms, (float)vibrationKurtosis, (float)pressure, (float)temperatureTrend, (float)vibrationTrend], risk);
    }

    private static (float[] Features, double Risk) PartMeasurement(Random random)
    {
        var diameterDeviation = Normal(random, 0, 0.02);   // mm
        var lengthDeviation = Normal(random, 0, 0.05);     // mm
        var roughness = Math.Abs(Normal(random, 0.8, 0.2)); // Ra µm
        var hardness = Normal(random, 60, 2);              // HRC
        var coating = Normal(random, 25, 3);               // µm
        var lineTemperature = Normal(random, 22, 2);       // °C
        var lineSpeed = Normal(random, 1, 0.15);           // m/s
        var toolAge = random.NextDouble();                 // fraction of tool life
        var risk = (Math.Abs(diameterDeviation) / 0.02)
            + (0.7 * Math.Abs(lengthDeviation) / 0.05)
            + (1.5 * Math.Max(0, roughness - 1.0) / 0.2)
            + (0.5 * Math.Abs(hardness - 60) / 2)
            + (0.8 * Math.Max(0, 22 - coating) / 3)
            + (1.2 * toolAge * lineSpeed)
            + Normal(random, 0, 0.7);
        return ([(float)diameterDeviation, (float)lengthDeviation, (float)roughness, (float)hardness, (float)coating,
            (float)lineTemperature, (float)lineSpeed, (float)toolAge], risk);
    }

    private static double Normal(Random random, double mean, double stdDev)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (stdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
