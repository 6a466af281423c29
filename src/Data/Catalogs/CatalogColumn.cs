using Planner.CostModel.Text;

namespace Planner.Data.Catalogs;

/// <summary>One documented CSV column of a catalog kind: import and export use the same columns.</summary>
public interface ICatalogColumn
{
    /// <summary>The CSV header, equal to the JSON field name of <c>catalog list --format json</c>.</summary>
    string Name { get; }

    /// <summary>Unit ("USD", "GB/s", ...) or "" for text.</summary>
    string Unit { get; }

    string Description { get; }

    /// <summary>
    /// The column in words with its unit, as a table header or a form's label shows it and as the row editor's problems
    /// name it: the description up to its first clause, "Memory bandwidth (GB/s)".
    /// </summary>
    string Label { get; }

    /// <summary>
    /// <see cref="Label"/> and <see cref="Description"/> as phrases of the one table of words (keys
    /// "phrase:catalogLabel.{kind}.{column}" and "phrase:catalogHelp.{kind}.{column}"), for a page in the reader's language.
    /// </summary>
    PhraseTemplate LabelWording { get; }

    /// <inheritdoc cref="LabelWording"/>
    PhraseTemplate DescriptionWording { get; }

    /// <summary>The rule a value must meet, as used in import errors: "must be a number &gt;= 0".</summary>
    Phrase Rule { get; }

    /// <summary>Whether the column holds a number (right-aligned, written with thousands separators).</summary>
    bool IsNumber { get; }

    bool Required { get; }
}

/// <summary>A column bound to a row type: how to write a row's value as CSV text and how to read it back.</summary>
public sealed class CatalogColumn<TRow> : ICatalogColumn
{
    private readonly Func<TRow, string> _format;
    private readonly Func<TRow, string, bool> _parse;

    internal CatalogColumn(string name, string unit, string description, Phrase rule, bool required,
        Func<TRow, string> format, Func<TRow, string, bool> parse)
    {
        Name = name;
        Unit = unit;
        Description = description;
        Rule = rule;
        Required = required;
        _format = format;
        _parse = parse;
    }

    public string Name { get; }

    public string Unit { get; }

    public string Description { get; }

    public string Label => LabelOf(Name, Unit, Description);

    private static string LabelOf(string name, string unit, string description)
    {
        var text = name switch
        {
            "source" => "Source",
            "asOf" => "As of",
            _ => FirstClause(description),
        };
        return unit is { Length: > 0 } && unit != "date" ? $"{text} ({unit})" : text;
    }

    private static string FirstClause(string description)
    {
        var end = description.Length;
        foreach (var stop in new[] { "; ", " (", ", e.g.", ": " })
        {
            var at = description.IndexOf(stop, StringComparison.Ordinal);
            if (at > 0 && at < end)
            {
                end = at;
            }
        }
        return description[..end];
    }

    public Phrase Rule { get; }

    public bool IsNumber { get; init; }

    public bool Required { get; }

    public PhraseTemplate LabelWording { get; private set; } = null!;

    public PhraseTemplate DescriptionWording { get; private set; } = null!;

    /// <summary>Names the column's wordings after its catalog kind (called once, by the kind that holds it).</summary>
    internal void BindTo(string kind)
    {
        LabelWording = new PhraseTemplate($"catalogLabel.{kind}.{Name}", Label);
        DescriptionWording = new PhraseTemplate($"catalogHelp.{kind}.{Name}", Description);
    }

    public string Format(TRow row) => _format(row);

    /// <summary>Sets the row's value from CSV text; false when the text breaks <see cref="Rule"/>.</summary>
    public bool TryParse(TRow row, string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0 && Required)
        {
            return false;
        }
        return _parse(row, trimmed);
    }
}
