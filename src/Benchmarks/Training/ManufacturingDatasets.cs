using Microsoft.ML.Data;

namespace Planner.Benchmarks.Training;

/// <summary>One row of a synthetic manufacturing dataset: a feature vector and a binary label.</summary>
public sealed class ManufacturingRow
{
    public float[] Features { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>What one sample of a dataset is: a feature vector, a grey image or a multichannel sequence.</summary>
public enum DatasetKind
{
    Tabular,
    Image,
    Sequence,
}

/// <summary>
/// Seeded synthetic datasets shaped like real manufacturing data. Labels of the tabular datasets and the sensor
/// sequences come from a hidden, partly non-linear risk function plus noise, so trainers reach different AUCs and
/// bigger training sets help; the inspection images carry a drawn defect or none. A row's features are the sample's
/// values flattened (an image row by row, a sequence step by step).
/// </summary>
public static class ManufacturingDatasets
{
    /// <summary>Sensor time-series features of machines; about 3 % fail.</summary>
    public const string PredictiveMaintenance = "predictive-maintenance";

    /// <summary>Measurements of produced parts; about 8 % are defective.</summary>
    public const string QualityControl = "quality-control";

    /// <summary>Production runs of a line with their set points and conditions; about 20 % miss the yield target.</summary>
    public const string LineOptimization = "line-optimization";

    /// <summary>Grey 32×32 images of machined parts' surfaces; 10 % show a scratch or a blob (<see cref="InspectionImageGenerator"/>).</summary>
    public const string InspectionImages = "inspection-images";

    /// <summary>Windows of four sensor channels; in 10 % a degradation trend precedes a failure (<see cref="SensorSequenceGenerator"/>).</summary>
    public const string SensorSequences = "sensor-sequences";

    /// <summary>Steps in a sensor-sequence window unless a profile gives <c>sequenceLength</c>.</summary>
    public const int DefaultSequenceLength = 32;

    /// <summary>Bounds of a sensor-sequence window's steps.</summary>
    public const int MinSequenceLength = 2;
    public const int MaxSequenceLength = 512;

    /// <summary>Values a generated dataset may hold (rows × values a row): 400 MB of floats.</summary>
    public const long MaxValues = 100_000_000;

    public static IReadOnlyList<string> Names { get; } = [PredictiveMaintenance, QualityControl, LineOptimization, InspectionImages, SensorSequences];

    public static DatasetKind Kind(string dataset) => dataset switch
    {
        InspectionImages => DatasetKind.Image,
        SensorSequences => DatasetKind.Sequence,
        _ => DatasetKind.Tabular,
    };

    /// <summary>One sample's shape: [features], [1, 32, 32] (channel, height, width) or [steps, channels].</summary>
    public static IReadOnlyList<long> SampleShape(string dataset, int sequenceLength = DefaultSequenceLength) => Kind(dataset) switch
    {
        DatasetKind.Tabular => [TabularFeatureCount(dataset)],
        DatasetKind.Image => [1, InspectionImageGenerator.Size, InspectionImageGenerator.Size],
        DatasetKind.Sequence => [sequenceLength, SensorSequenceGenerator.Channels],
    };

    /// <summary>Values in one row (the product of the sample's shape).</summary>
    public static int FeatureCount(string dataset, int sequenceLength = DefaultSequenceLength) =>
        (int)SampleShape(dataset, sequenceLength).Aggregate(1L, (p, d) => p * d);

    /// <summary>
    /// The channels features are standardized by: feature f belongs to channel f mod channels (each tabular feature is
    /// its own, an image has one, a sequence one per sensor).
    /// </summary>
    public static int Channels(string dataset) => Kind(dataset) switch
    {
        DatasetKind.Tabular => TabularFeatureCount(dataset),
        DatasetKind.Image => 1,
        DatasetKind.Sequence => SensorSequenceGenerator.Channels,
    };

    /// <summary>The most rows a dataset may have: <see cref="MaxValues"/> values, and at most 10,000,000 rows.</summary>
    public static int MaxRows(string dataset, int sequenceLength = DefaultSequenceLength) =>
        (int)Math.Min(10_000_000, MaxValues / FeatureCount(dataset, sequenceLength));

    private static int TabularFeatureCount(string dataset) => dataset switch
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
        InspectionImages or SensorSequences => 0.1,
        _ => 0.08,
    };

    public static SchemaDefinition Schema(string dataset)
    {
        var schema = SchemaDefinition.Create(typeof(ManufacturingRow));
        schema[nameof(ManufacturingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount(dataset));
        return schema;
    }

    public static IReadOnlyList<ManufacturingRow> Generate(string dataset, int rows, int seed, int sequenceLength = DefaultSequenceLength)
    {
        if (Kind(dataset) == DatasetKind.Image)
        {
            return InspectionImageGenerator.Generate(rows, PositiveRate(dataset), seed);
        }
        var random = new Random(seed);
        var risks = new double[rows];
        var features = new float[rows][];
        for (var i = 0; i < rows; i++)
        {
            (features[i], risks[i]) = dataset switch
            {
                PredictiveMaintenance => MachineReading(random),
                LineOptimization => ProductionRun(random),
                SensorSequences => SensorSequenceGenerator.Window(random, sequenceLength),
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

    internal static double Normal(Random random, double mean, double stdDev)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (stdDev * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
