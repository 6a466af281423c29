using SkiaSharp;

namespace Planner.Reports.Pdf;

internal enum Align
{
    Left,
    Right,
}

internal sealed record TableColumn(string Header, float Weight, Align Align = Align.Left);

/// <summary>
/// A small flow layout for report pages: a cursor moves down the page; headings, wrapped paragraphs, tables and charts
/// start a new page when they do not fit; tables continue across pages with their header repeated. Pages are laid out
/// first (as drawing steps) and drawn afterwards, so the footer knows the page count.
/// </summary>
internal sealed class PdfLayout(ReportFonts fonts, SKSize page)
{
    public const float Margin = 48;
    public const float FooterHeight = 22;
    public const float BodySize = 9.5f;

    private static readonly SKColor Ink = new(0x20, 0x24, 0x2A);
    private static readonly SKColor Muted = new(0x5F, 0x66, 0x70);
    private static readonly SKColor Rule = new(0xC8, 0xCE, 0xD6);
    private static readonly SKColor HeaderFill = new(0xE8, 0xEE, 0xF4);
    private static readonly SKColor Highlight = new(0xFF, 0xF6, 0xD5);

    private readonly List<List<Action<SKCanvas>>> _pages = [[]];
    private float _y = Margin;

    public SKSize PageSize { get; } = page;

    public float ContentWidth => PageSize.Width - 2 * Margin;

    private float Bottom => PageSize.Height - Margin - FooterHeight;

    public int PageCount => _pages.Count;

    public ReportFonts Fonts { get; } = fonts;

    public void NewPage()
    {
        if (_pages[^1].Count == 0)
        {
            return;
        }
        _pages.Add([]);
        _y = Margin;
    }

    public void Space(float height) => _y = Math.Min(_y + height, Bottom);

    /// <summary>Starts a new page unless <paramref name="height"/> more points fit on this one.</summary>
    public void Need(float height)
    {
        if (_y + height > Bottom && _y > Margin)
        {
            NewPage();
        }
    }

    public void Title(string text) => Text(text, 17, bold: true, Ink, spaceAfter: 6);

    public void Heading(string text)
    {
        Need(18 + 3 * (BodySize * 1.35f));
        Space(6);
        Text(text, 12.5f, bold: true, Ink, spaceAfter: 4);
    }

    public void Paragraph(string text, float size = BodySize, bool bold = false) => Text(text, size, bold, Ink, spaceAfter: 4);

    public void Note(string text) => Text(text, 8, bold: false, Muted, spaceAfter: 3);

    /// <summary>Wrapped text; lines that do not fit move to the next page.</summary>
    public void Text(string text, float size, bool bold, SKColor color, float spaceAfter)
    {
        var lineHeight = size * 1.35f;
        foreach (var line in Fonts.Wrap(text, size, bold, ContentWidth))
        {
            Need(lineHeight);
            var baseline = _y + size;
            var x = Margin;
            Add(canvas => Fonts.Draw(canvas, line, x, baseline, size, bold, color));
            _y += lineHeight;
        }
        _y += spaceAfter;
    }

    /// <summary>A drawing of fixed height, e.g. a chart; it moves to the next page when it does not fit.</summary>
    public void Block(float height, Action<SKCanvas, SKRect> draw)
    {
        Need(height);
        var rect = SKRect.Create(Margin, _y, ContentWidth, height);
        Add(canvas => draw(canvas, rect));
        _y += height + 6;
    }

    /// <summary>
    /// A table across the content width; cells wrap to at most <paramref name="maxLines"/> lines and the last is cut
    /// with an ellipsis, so nothing overflows. Rows never split; the header repeats at the top of each page.
    /// </summary>
    public void Table(IReadOnlyList<TableColumn> columns, IEnumerable<string[]> rows, float size = 8.5f, int maxLines = 3, Func<int, bool>? highlight = null)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => c.Weight / total * ContentWidth).ToArray();
        const float pad = 3;
        var lineHeight = size * 1.3f;

        List<string>[] Lay(string[] cells, bool bold) => cells.Select((text, i) =>
        {
            var lines = Fonts.Wrap(text, size, bold, widths[i] - 2 * pad);
            if (lines.Count > maxLines)
            {
                lines = [.. lines.Take(maxLines - 1), Fonts.Ellipsize(string.Join(' ', lines.Skip(maxLines - 1)), size, bold, widths[i] - 2 * pad)];
            }
            return lines;
        }).ToArray();

        var header = Lay(columns.Select(c => c.Header).ToArray(), bold: true);
        var headerHeight = header.Max(l => l.Count) * lineHeight + 2 * pad;

        void DrawRow(List<string>[] cells, float height, bool bold, SKColor? fill)
        {
            var top = _y;
            Add(canvas =>
            {
                if (fill is { } f)
                {
                    using var paint = new SKPaint { Color = f };
                    canvas.DrawRect(Margin, top, ContentWidth, height, paint);
                }
                using var rule = new SKPaint { Color = Rule, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke };
                canvas.DrawLine(Margin, top + height, Margin + ContentWidth, top + height, rule);
                var x = Margin;
                for (var i = 0; i < cells.Length; i++)
                {
                    for (var l = 0; l < cells[i].Count; l++)
                    {
                        var text = cells[i][l];
                        var textX = columns[i].Align == Align.Right ? x + widths[i] - pad - Fonts.Measure(text, size, bold) : x + pad;
                        Fonts.Draw(canvas, text, textX, top + pad + size + l * lineHeight, size, bold, Ink);
                    }
                    x += widths[i];
                }
            });
            _y += height;
        }

        Need(headerHeight + lineHeight + 2 * pad);
        DrawRow(header, headerHeight, bold: true, HeaderFill);
        var index = 0;
        foreach (var row in rows)
        {
            var cells = Lay(row, bold: false);
            var height = cells.Max(l => Math.Max(1, l.Count)) * lineHeight + 2 * pad;
            if (_y + height > Bottom)
            {
                NewPage();
                DrawRow(header, headerHeight, bold: true, HeaderFill);
            }
            DrawRow(cells, height, bold: false, highlight?.Invoke(index) == true ? Highlight : null);
            index++;
        }
        _y += 8;
    }

    /// <summary>Draws every page into the document, with the footer each page's text from <paramref name="footer"/>(page, count).</summary>
    public void Render(SKDocument document, Func<int, int, (string Left, string Right)> footer, IProgress<string>? progress, CancellationToken ct)
    {
        for (var p = 0; p < _pages.Count; p++)
        {
            ct.ThrowIfCancellationRequested();
            progress?.Report($"Drawing page {p + 1} of {_pages.Count}");
            var canvas = document.BeginPage(PageSize.Width, PageSize.Height);
            foreach (var step in _pages[p])
            {
                step(canvas);
            }
            var (left, right) = footer(p + 1, _pages.Count);
            const float size = 7.5f;
            var baseline = PageSize.Height - Margin + 4;
            var rightWidth = Fonts.Measure(right, size, false);
            using (var rule = new SKPaint { Color = Rule, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke })
            {
                canvas.DrawLine(Margin, baseline - size - 5, PageSize.Width - Margin, baseline - size - 5, rule);
            }
            Fonts.Draw(canvas, Fonts.Ellipsize(left, size, false, ContentWidth - rightWidth - 12), Margin, baseline, size, false, Muted);
            Fonts.Draw(canvas, right, PageSize.Width - Margin - rightWidth, baseline, size, false, Muted);
            document.EndPage();
        }
    }

    private void Add(Action<SKCanvas> step) => _pages[^1].Add(step);
}
