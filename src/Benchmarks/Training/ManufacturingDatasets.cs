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

    /// <summary>Production runs of a line with their set points and conditions; about 20 % miss the yield target.</summary>
    public const string LineOptimization = "line-optimization";

    public static IReadOnlyList<string> Names { get; } = [PredictiveMaintenance, QualityControl, LineOptimization];

    public static int FeatureCount(string dataset) => dataset switch
    {
        PredictiveMaintenance => 10,
        LineOptimization => 9,
        _ => 8,
    };

    /// <summary>The share of rows labelled positive (failure, defect, run below its yield target).</summary>
    public static double PositiveRate(string dataset) => dataset switch
    {
        PredictiveMaintenance => 0.03,
        LineOptimization => 0.2,
        _ => 0.08,
    };

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
            (features[i], risks[i]) = dataset switch
            {
                PredictiveMaintenance => MachineReading(random),
                LineOptimization => ProductionRun(random),
                _ => PartMeasurement(random),
            };
        }
        // The label threshold sets the positive rate: rare failures, more frequent defects, runs below target most often.
        var positiveRate = PositiveRate(dataset);
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

    /// <summary>
    /// One production run (a shift on one line): its set points, the material and the conditions, and the yield loss it
    /// had. Assumptions, not measurements of a real line: yield is best near a set-point optimum (oven 185 °C, line speed
    /// 1.2 m/s, pressure 4.5 bar) and falls quadratically away from it; speed costs more yield at high temperature
    /// (interaction); worse material, humidity, an older machine and a recent changeover add loss; the night shift adds a
    /// little. The worst 20 % of runs, by this loss plus noise, miss the yield target (the label).
    /// </summary>
    private static (float[] Features, double Risk) ProductionRun(Random random)
    {
        var ovenTemperature = Normal(random, 185, 6);         // °C
        var lineSpeed = Normal(random, 1.2, 0.15);             // m/s
        var pressure = Normal(random, 4.5, 0.4);               // bar
        var feedRate = Normal(random, 100, 10);                // kg/h
        var materialQuality = Normal(random, 0, 1);            // supplier lot score, higher is better
        var humidity = Math.Clamp(Normal(random, 45, 8), 10, 90); // % relative
        var machineAgeYears = random.NextDouble() * 15;
        var hoursSinceChangeover = random.NextDouble() * 48;
        var nightShift = random.NextDouble() < 1.0 / 3 ? 1.0 : 0.0;
        var speedGap = (lineSpeed - 1.2) / 0.15;
        var temperatureGap = (ovenTemperature - 185) / 6;
        var risk = (0.6 * temperatureGap * temperatureGap)
            + (0.5 * speedGap * speedGap)
            + (0.4 * Math.Max(0, speedGap) * Math.Max(0, temperatureGap))
            + (0.8 * Math.Pow((pressure - 4.5) / 0.4, 2) / 2)
            + (0.3 * Math.Abs(feedRate - 100) / 10)
            - (0.7 * materialQuality)
            + (0.5 * Math.Max(0, humidity - 55) / 8)
            + (0.08 * machineAgeYears)
            + (1.0 * Math.Exp(-hoursSinceChangeover / 4))
            + (0.3 * nightShift)
            + Normal(random, 0, 0.7);
        return ([(float)ovenTemperature, (float)lineSpeed, (float)pressure, (float)feedRate, (float)materialQuality, (float)humidity,
            (float)machineAgeYears, (float)hoursSinceChangeover, (float)nightShift], risk);
    }

    private static double Normal(Random random, double mean, double stdDev)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (stdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
