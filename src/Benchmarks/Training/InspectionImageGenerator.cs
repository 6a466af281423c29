namespace Planner.Benchmarks.Training;

/// <summary>
/// The <c>inspection-images</c> dataset: grey 32×32 images of a machined surface, values in [0, 1]. Every image has a
/// part brightness (0.5, sd 0.05), a linear illumination gradient (sd 0.1 across the image on each axis), machining
/// marks (horizontal stripes of amplitude 0.04 and a period of 4-8 px) and pixel noise (sd 0.08). Exactly
/// round(rows × 10 %) images, chosen by a seeded shuffle, are defective and carry one defect: half a scratch (a line
/// 8-20 px long at any angle, about 2 px wide, 0.3-0.5 darker at its centre line) and half a blob (a disc of radius
/// 1.5-3.5 px, 0.25-0.45 darker (a pit) or brighter (an inclusion), with a one-pixel soft edge), placed away from the
/// border. Assumptions for a benchmark, not images of a real line (docs/methodology.md, "Synthetic datasets").
/// </summary>
internal static class InspectionImageGenerator
{
    public const int Size = 32;

    public static ManufacturingRow[] Generate(int rows, double defectRate, int seed)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(0, rows).ToArray();
        random.Shuffle(order);
        var defective = new bool[rows];
        foreach (var row in order.Take((int)Math.Round(rows * defectRate)))
        {
            defective[row] = true;
        }
        var result = new ManufacturingRow[rows];
        for (var row = 0; row < rows; row++)
        {
            result[row] = new ManufacturingRow { Features = Image(random, defective[row]), Label = defective[row] };
        }
        return result;
    }

    private static float[] Image(Random random, bool defective)
    {
        var brightness = ManufacturingDatasets.Normal(random, 0.5, 0.05);
        var gradientX = ManufacturingDatasets.Normal(random, 0, 0.1);
        var gradientY = ManufacturingDatasets.Normal(random, 0, 0.1);
        var period = 4 + (random.NextDouble() * 4);
        var phase = random.NextDouble() * 2 * Math.PI;
        var pixels = new double[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                pixels[(y * Size) + x] = brightness
                    + (gradientX * ((x / (Size - 1.0)) - 0.5))
                    + (gradientY * ((y / (Size - 1.0)) - 0.5))
                    + (0.04 * Math.Sin((2 * Math.PI * y / period) + phase))
                    + ManufacturingDatasets.Normal(random, 0, 0.08);
            }
        }
        if (defective)
        {
            if (random.NextDouble() < 0.5)
            {
                Scratch(pixels, random);
            }
            else
            {
                Blob(pixels, random);
            }
        }
        return pixels.Select(v => (float)Math.Clamp(v, 0, 1)).ToArray();
    }

    private static void Scratch(double[] pixels, Random random)
    {
        var (centreX, centreY) = (6 + (random.NextDouble() * 20), 6 + (random.NextDouble() * 20));
        var angle = random.NextDouble() * Math.PI;
        var halfLength = (8 + (random.NextDouble() * 12)) / 2;
        var depth = 0.3 + (random.NextDouble() * 0.2);
        var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                // Distance from the pixel to the segment.
                var along = Math.Clamp(((x - centreX) * dx) + ((y - centreY) * dy), -halfLength, halfLength);
                var distance = Math.Sqrt(Math.Pow(x - (centreX + (along * dx)), 2) + Math.Pow(y - (centreY + (along * dy)), 2));
                pixels[(y * Size) + x] -= depth * Math.Max(0, 1 - distance);
            }
        }
    }

    private static void Blob(double[] pixels, Random random)
    {
        var (centreX, centreY) = (5 + (random.NextDouble() * 22), 5 + (random.NextDouble() * 22));
        var radius = 1.5 + (random.NextDouble() * 2);
        var contrast = (0.25 + (random.NextDouble() * 0.2)) * (random.NextDouble() < 0.5 ? -1 : 1);
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var distance = Math.Sqrt(Math.Pow(x - centreX, 2) + Math.Pow(y - centreY, 2));
                pixels[(y * Size) + x] += contrast * Math.Clamp(radius - distance + 0.5, 0, 1);
            }
        }
    }
}
