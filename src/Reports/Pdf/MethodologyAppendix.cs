using System.Reflection;
using System.Text;

namespace Planner.Reports.Pdf;

/// <summary>
/// The PDF's methodology appendix, laid out from docs/methodology.md itself (embedded in this assembly at build time),
/// so the report and the page the web app shows never hold two versions of a formula. A small Markdown reader for the
/// document's own shapes: headings, paragraphs, lists, indented formula blocks and tables.
/// </summary>
internal static class MethodologyAppendix
{
    private const string ResourceName = "Planner.Reports.methodology.md";

    /// <summary>docs/methodology.md as built into the assembly.</summary>
    public static string Markdown()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded; Reports.csproj embeds docs/methodology.md");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The appendix in a report of <paramref name="text"/>'s language: a language with its own appendix heading and note
    /// (Chinese) gets them first, saying that the formulas follow in the one English document.
    /// </summary>
    public static void Write(PdfLayout layout, ReportText text)
    {
        if (text["Methodology.Heading"] is { Length: > 0 } heading)
        {
            layout.NewPage();
            layout.Heading(heading);
            layout.Paragraph(text["Methodology.Note"]);
        }
        Write(layout, Markdown());
    }

    internal static void Write(PdfLayout layout, string markdown)
    {
        var writer = new BlockWriter(layout);
        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            writer.Add(raw.TrimEnd());
        }
        writer.Flush();
    }

    /// <summary>Collects a paragraph's or a table's lines and lays the block out when it ends.</summary>
    private sealed class BlockWriter(PdfLayout layout)
    {
        private readonly StringBuilder _paragraph = new();
        private readonly List<string[]> _table = [];

        public void Add(string line)
        {
            if (line.StartsWith('|'))
            {
                FlushParagraph();
                if (line.Any(c => c is not ('|' or '-' or ':' or ' ')))
                {
                    _table.Add(line.Trim('|').Split('|').Select(cell => Plain(cell.Trim())).ToArray());
                }
            }
            else if (line.Length == 0)
            {
                Flush();
            }
            else if (line.StartsWith('#'))
            {
                Flush();
                var level = line.TakeWhile(c => c == '#').Count();
                var text = Plain(line.TrimStart('#').Trim());
                if (level == 1)
                {
                    layout.NewPage();
                }
                if (level <= 2)
                {
                    layout.Heading(text);
                }
                else
                {
                    layout.Paragraph(text, bold: true);
                }
            }
            else if (line.StartsWith("    ", StringComparison.Ordinal) && _paragraph.Length == 0)
            {
                layout.Paragraph(line.Trim(), size: 8); // a formula line, kept as written
            }
            else if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) || IsNumbered(line.TrimStart()))
            {
                Flush();
                _paragraph.Append("• ").Append(line.TrimStart().TrimStart('-', ' '));
            }
            else
            {
                _paragraph.Append(_paragraph.Length > 0 ? " " : "").Append(line.Trim());
            }
        }

        public void Flush()
        {
            FlushParagraph();
            if (_table.Count > 0)
            {
                WriteTable(layout, _table);
                _table.Clear();
            }
        }

        private void FlushParagraph()
        {
            if (_paragraph.Length > 0)
            {
                layout.Paragraph(Plain(_paragraph.ToString()));
                _paragraph.Clear();
            }
        }
    }

    private static bool IsNumbered(string line)
    {
        var dot = line.IndexOf(". ", StringComparison.Ordinal);
        return dot is > 0 and < 4 && line[..dot].All(char.IsAsciiDigit);
    }

    private static void WriteTable(PdfLayout layout, List<string[]> rows)
    {
        var width = rows.Max(r => r.Length);
        var columns = rows[0].Select((header, i) => new TableColumn(header, i == width - 1 ? 3f : 1.2f)).ToList();
        layout.Table(columns, rows.Skip(1).Select(r => r.Length == width ? r : [.. r, .. Enumerable.Repeat("", width - r.Length)]), size: 8, maxLines: 8);
    }

    /// <summary>The text without Markdown marks: emphasis, code ticks and link targets.</summary>
    internal static string Plain(string text)
    {
        var s = text.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        // [label](target) → label
        var result = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '[' && s.IndexOf("](", i, StringComparison.Ordinal) is var mid and > 0 && s.IndexOf(')', mid) is var end and > 0
                && s.IndexOf('\n', i, mid - i) < 0)
            {
                result.Append(s, i + 1, mid - i - 1);
                i = end;
                continue;
            }
            result.Append(s[i]);
        }
        return result.ToString();
    }
}
