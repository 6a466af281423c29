using System.Globalization;
using Planner.CostModel;
using Planner.CostModel.Projection;

namespace Planner.Cli.Catalog;

/// <summary>
/// The model-shape and GPU seed catalogs (data/catalog/model-shapes.csv and gpus.csv, copied next to the CLI under
/// "catalog"), read by header name. Names resolve case-insensitively, with the vendor prefix optional ("h100 sxm"
/// finds "NVIDIA H100 SXM").
/// </summary>
internal sealed class ProjectionCatalog
{
    private ProjectionCatalog(IReadOnlyList<ModelShape> models, IReadOnlyList<GpuSpec> gpus)
    {
        Models = models;
        Gpus = gpus;
    }

    public IReadOnlyList<ModelShape> Models { get; }

    public IReadOnlyList<GpuSpec> Gpus { get; }

    public static ProjectionCatalog Load(string? folder = null)
    {
        folder ??= Path.Combine(AppContext.BaseDirectory, "catalog");
        var models = ReadRows(Path.Combine(folder, "model-shapes.csv")).Select(row => new ModelShape
        {
            Name = row["name"],
            Parameters = Number(row, "parameters"),
            ActiveParameters = Number(row, "activeParameters"),
            Layers = (int)Number(row, "layers"),
            HiddenSize = (int)Number(row, "hiddenSize"),
            Heads = (int)Number(row, "heads"),
            KvHeads = (int)Number(row, "kvHeads"),
            HeadDim = (int)Number(row, "headDim"),
            Vocabulary = (int)Number(row, "vocabulary"),
            ContextLength = (int)Number(row, "contextLength"),
            IntermediateSize = (int)Number(row, "intermediateSize"),
            GatedMlp = bool.Parse(row["gatedMlp"]),
            Experts = (int)Number(row, "experts"),
            ActiveExperts = (int)Number(row, "activeExperts"),
            Source = row["source"],
            SourceUrl = row["sourceUrl"].Length == 0 ? null : row["sourceUrl"],
            AsOf = row["asOf"],
        }).ToList();
        var gpus = ReadRows(Path.Combine(folder, "gpus.csv")).Select(row => new GpuSpec
        {
            Name = row["name"],
            Vendor = row["vendor"],
            Bf16Tflops = Number(row, "bf16DenseTflops"),
            Fp8Tflops = row["fp8DenseTflops"].Length == 0 ? null : Number(row, "fp8DenseTflops"),
            MemoryGb = Number(row, "memoryGb"),
            BandwidthGbPerS = Number(row, "bandwidthGbPerS"),
            TdpW = Number(row, "tdpW"),
        }).ToList();
        return new ProjectionCatalog(models, gpus);
    }

    /// <exception cref="InputException">No model has that name; the message lists the names.</exception>
    public ModelShape Model(string name, string field = "--model") =>
        Models.FirstOrDefault(m => string.Equals(m.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InputException($"{field}: no model is named \"{name}\" (models: {string.Join(", ", Models.Select(m => m.Name))})");

    /// <exception cref="InputException">No GPU has that name, with or without its vendor prefix.</exception>
    public GpuSpec Gpu(string name, string field = "--gpu")
    {
        var wanted = name.Trim();
        return Gpus.FirstOrDefault(g => string.Equals(g.Name, wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(g.Name, $"{g.Vendor} {wanted}", StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"{field}: no GPU is named \"{name}\" (GPUs: {string.Join(", ", Gpus.Select(g => g.Name))})");
    }

    private static double Number(IReadOnlyDictionary<string, string> row, string column) =>
        double.Parse(row[column], NumberStyles.Float, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> ReadRows(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = SplitCsv(lines[0]);
        return lines.Skip(1)
            .Select(line => header.Zip(SplitCsv(line)).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>Splits one CSV line (RFC 4180: fields may be quoted, "" is a quote inside a quoted field).</summary>
    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        fields.Add(field.ToString());
        return fields;
    }
}
