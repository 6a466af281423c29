using System.Globalization;

namespace Planner.CostModel.Text;

/// <summary>
/// The wording of a sentence, or part of one, that the cost model writes for people, named by a code. Its English is
/// written once, here in the cost model beside the code that uses it (a <c>static readonly</c> field); its translations
/// are in the hosts' one table of the cost model's words (src/Reports/Resources/CostModelText.zh-CN.resx, keyed
/// "phrase:" + <see cref="Code"/>), which the web and the PDF both read (docs/decisions/033-one-table-of-cost-model-words.md).
/// Placeholders are <c>{0}</c>, <c>{1}</c>... as in <see cref="string.Format(IFormatProvider, string, object[])"/>.
/// </summary>
public sealed record PhraseTemplate(string Code, string English)
{
    /// <summary>This wording with its arguments: strings (names, paths, figures already written invariantly) or phrases.</summary>
    public Phrase With(params object[] args) => new(this, args);
}

/// <summary>
/// A <see cref="PhraseTemplate"/> with its arguments. <see cref="ToString"/> is the English line (what the CLI, the API
/// and the files print); a host writes it in another language with <see cref="Render"/>. Nothing parses it back.
/// </summary>
public sealed class Phrase : IEquatable<Phrase>
{
    private readonly object[] _args;

    internal Phrase(PhraseTemplate template, object[] args)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(args);
        if (args.FirstOrDefault(a => a is not (string or Phrase)) is { } other)
        {
            throw new ArgumentException($"a phrase's arguments are strings or phrases (got {other.GetType().Name} in {template.Code})", nameof(args));
        }
        Template = template;
        _args = args;
    }

    public PhraseTemplate Template { get; }

    /// <summary>Strings and nested phrases, in placeholder order.</summary>
    public IReadOnlyList<object> Args => _args;

    /// <summary>
    /// The phrase in the wording <paramref name="wording"/> gives for each template (its own and its nested phrases'):
    /// <c>t => t.English</c> for English, a translation table's entry for another language.
    /// </summary>
    public string Render(Func<PhraseTemplate, string> wording)
    {
        ArgumentNullException.ThrowIfNull(wording);
        return string.Format(CultureInfo.InvariantCulture, wording(Template), _args.Select(a => a is Phrase p ? p.Render(wording) : a).ToArray());
    }

    /// <summary>The English line.</summary>
    public override string ToString() => Render(t => t.English);

    public bool Equals(Phrase? other) =>
        other is not null && Template == other.Template && _args.SequenceEqual(other._args);

    public override bool Equals(object? obj) => Equals(obj as Phrase);

    public override int GetHashCode() => HashCode.Combine(Template, _args.Length);
}
