using Planner.CostModel.Text;
using Planner.CostModel;

namespace Planner.Benchmarks.Models;

/// <summary>All reference models by name.</summary>
public static class ModelCatalog
{
    private static readonly PhraseTemplate UnknownModel = new("benchModel.unknown", "{0}: unknown model '{1}'; allowed: {2}.");

    public static IReadOnlyList<ReferenceModel> All { get; } =
    [
        new MlpModel(),
        new LeNet5Model(),
        new ResNetModel(),
        new LstmClassifierModel(),
        new TextClassifierModel(),
        new TransformerEncoderModel(),
        new GptDecoderModel(),
    ];

    public static ReferenceModel? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The model called <paramref name="name"/>, or an <see cref="InputException"/> listing the names there are.</summary>
    public static ReferenceModel Get(string name, string field = "model") =>
        Find(name) ?? throw new InputException(InputProblem.General(UnknownModel.With(field, name, string.Join(", ", All.Select(m => m.Name)))));
}
