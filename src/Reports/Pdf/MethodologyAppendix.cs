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

    public static void Write(PdfLayout layout) => Write(layout, Markdown());

    internal static void Write(PdfLayout layout, string markdown)
    {
        var paragraph = new StringBuilder();
        var table = new List<string[]>();
        void Flush()
        {
            if (paragraph.Length > 0)
            {
                layout.Paragraph(Plain(paragraph.ToString()));
                paragraph.Clear();
            }
            if (table.Count > 0)
            {
                WriteTable(layout, table);
                table.Clear();
            }
        }

        foreach (var raw in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("|", StringComparison.Ordinal))
            {
                if (paragraph.Length > 0)
                {
                    Flush();
                }
                if (!line.Replace("|", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal).Trim().Equals("", StringComparison.Ordinal))
                {
                    table.Add(line.Trim('|').Split('|').Select(cell => Plain(cell.Trim())).ToArray());
                }
                continue;
            }
            if (line.Length == 0)
            {
                Flush();
                continue;
            }
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                Flush();
                layout.NewPage();
                layout.Heading(Plain(line[2..]));
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                layout.Heading(Plain(line[3..]));
            }
            else if (line.StartsWith("###", StringComparison.Ordinal))
            {
                Flush();
                layout.Paragraph(Plain(line.TrimStart('#').Trim()), bold: true);
            }
            else if (line.StartsWith("    ", StringComparison.Ordinal) && paragraph.Length == 0)
            {
                // A formula line: kept as written, one line each.
                layout.Paragraph(line.Trim(), size: 8);
            }
            else if (line.TrimStart().StartsWith("- ", StringComparison.Ordinal) || IsNumbered(line.TrimStart()))
            {
                Flush();
                paragraph.Append("• ").Append(line.TrimStart().TrimStart('-', ' '));
            }
            else
            {
                if (paragraph.Length > 0)
                {
                    paragraph.Append(' ');
                }
                paragraph.Append(line.Trim());
            }
        }
        Flush();
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
