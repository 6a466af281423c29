using System.Text;
using SkiaSharp;

namespace Planner.Reports.Pdf;

/// <summary>
/// Text measuring and drawing with font fallback: runs of characters the primary font (DejaVu Sans: Latin, Greek,
/// Cyrillic, currency symbols) lacks are drawn with the font the system matches for them (Noto Sans CJK for Chinese,
/// Japanese, Korean). Skia embeds the subset of every font used, so the PDF prints anywhere.
/// </summary>
internal sealed class ReportFonts : IDisposable
{
    public const string PrimaryFamily = "DejaVu Sans";

    private readonly SKTypeface _regular;
    private readonly SKTypeface _bold;
    private readonly Dictionary<(int Codepoint, bool Bold), SKTypeface> _fallbacks = [];
    private readonly List<SKTypeface> _owned = [];

    /// <summary>
    /// The family a chart of a report in <paramref name="language"/> draws all its text with. ScottPlot draws each label
    /// in one font without fallback, so a Chinese report's charts use a CJK family that also has Latin letters and digits:
    /// WenQuanYi Zen Hei (TrueType, so the text extracts as typed), else Noto Sans CJK SC; English keeps DejaVu Sans.
    /// </summary>
    public static string ChartFamily(ReportLanguage language) => language switch
    {
        ReportLanguage.English => PrimaryFamily,
        ReportLanguage.SimplifiedChinese => ChineseChartFamily.Value,
    };

    private static readonly Lazy<string> ChineseChartFamily = new(() =>
        new[] { "WenQuanYi Zen Hei", "Noto Sans CJK SC" }.FirstOrDefault(IsInstalled) ?? PrimaryFamily);

    private static bool IsInstalled(string family)
    {
        using var typeface = SKTypeface.FromFamilyName(family);
        return typeface is not null && typeface.FamilyName == family;
    }

    public ReportFonts()
    {
        _regular = SKTypeface.FromFamilyName(PrimaryFamily, SKFontStyle.Normal) ?? SKTypeface.Default;
        _bold = SKTypeface.FromFamilyName(PrimaryFamily, SKFontStyle.Bold) ?? _regular;
    }

    public float Measure(string text, float size, bool bold = false)
    {
        var width = 0f;
        foreach (var (run, typeface) in Runs(text, bold))
        {
            using var font = Font(typeface, size);
            width += font.MeasureText(run);
        }
        return width;
    }

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="y"/>.</summary>
    public void Draw(SKCanvas canvas, string text, float x, float y, float size, bool bold, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        foreach (var (run, typeface) in Runs(text, bold))
        {
            using var font = Font(typeface, size);
            canvas.DrawText(run, x, y, font, paint);
            x += font.MeasureText(run);
        }
    }

    /// <summary>The text cut to fit <paramref name="width"/>, ending in "…" when cut.</summary>
    public string Ellipsize(string text, float size, bool bold, float width)
    {
        if (Measure(text, size, bold) <= width)
        {
            return text;
        }
        var elements = Elements(text);
        var low = 0;
        var high = elements.Count;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Measure(string.Concat(elements.Take(mid)) + "…", size, bold) <= width)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }
        return string.Concat(elements.Take(low)).TrimEnd() + "…";
    }

    /// <summary>
    /// Word-wraps <paramref name="text"/> to <paramref name="width"/>; a word wider than the line (or a run of CJK
    /// text, which has no spaces) breaks between characters. Explicit line breaks are kept.
    /// </summary>
    public List<string> Wrap(string text, float size, bool bold, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in Words(paragraph))
            {
                var candidate = line.ToString() + word;
                if (Measure(candidate.TrimEnd(), size, bold) <= width)
                {
                    line.Append(word);
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString().TrimEnd());
                    line.Clear();
                }
                // The word alone may still be too wide: break it between characters.
                foreach (var element in Elements(word.TrimStart()))
                {
                    if (line.Length > 0 && Measure(line.ToString() + element, size, bold) > width)
                    {
                        lines.Add(line.ToString().TrimEnd());
                        line.Clear();
                    }
                    line.Append(element);
                }
            }
            lines.Add(line.ToString().TrimEnd());
        }
        return lines;
    }

    public void Dispose()
    {
        foreach (var typeface in _owned)
        {
            typeface.Dispose();
        }
        _regular.Dispose();
        if (!ReferenceEquals(_bold, _regular))
        {
            _bold.Dispose();
        }
    }

    private static SKFont Font(SKTypeface typeface, float size) => new(typeface, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    /// <summary>
    /// Words with their trailing spaces; every CJK character counts as a word of its own, except that closing
    /// punctuation (，。、；：）」 and the like) stays with the character before it, so no line starts with it.
    /// </summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var element in Elements(text))
        {
            if (IsWide(element))
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
                if (IsClosingPunctuation(element) && words.Count > 0)
                {
                    words[^1] += element;
                }
                else
                {
                    words.Add(element);
                }
                continue;
            }
            word.Append(element);
            if (element == " ")
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static bool IsClosingPunctuation(string element) => element is "，" or "。" or "、" or "；" or "：" or "！" or "？" or "）" or "」" or "』" or "】" or "》";

    private static bool IsWide(string element) => Rune.TryGetRuneAt(element, 0, out var rune) && rune.Value >= 0x2E80;

    /// <summary>The text as whole characters (surrogate pairs kept together).</summary>
    private static List<string> Elements(string text)
    {
        var elements = new List<string>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            elements.Add(rune.ToString());
        }
        return elements;
    }

    private List<(string Run, SKTypeface Typeface)> Runs(string text, bool bold)
    {
        var primary = bold ? _bold : _regular;
        var runs = new List<(string, SKTypeface)>();
        var run = new StringBuilder();
        SKTypeface? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var typeface = rune.Value < 0x80 || primary.ContainsGlyph(rune.Value) ? primary : Fallback(rune.Value, bold) ?? primary;
            if (current is not null && !ReferenceEquals(typeface, current))
            {
                runs.Add((run.ToString(), current));
                run.Clear();
            }
            current = typeface;
            run.Append(rune.ToString());
        }
        if (current is not null)
        {
            runs.Add((run.ToString(), current));
        }
        return runs;
    }

    private SKTypeface? Fallback(int codepoint, bool bold)
    {
        if (_fallbacks.TryGetValue((codepoint, bold), out var cached))
        {
            return cached;
        }
        var style = bold ? SKFontStyle.Bold : SKFontStyle.Normal;
        // SkiaSharp's Linux build without fontconfig cannot match a character to a font, so the known fallback
        // families are tried by name when the font manager finds nothing.
        var matched = SKFontManager.Default.MatchCharacter(PrimaryFamily, style, ["zh-Hans", "ja", "ko"], codepoint);
        if (matched is not null && !matched.ContainsGlyph(codepoint))
        {
            matched.Dispose();
            matched = null;
        }
        matched = matched is null ? null : Keep(matched);
        matched ??= FallbackFamilies
            .Select(family => Load(family, style))
            .FirstOrDefault(typeface => typeface is not null && typeface.ContainsGlyph(codepoint));
        if (matched is not null)
        {
            _fallbacks[(codepoint, bold)] = matched;
        }
        return matched;
    }

    /// <summary>
    /// Fonts with CJK and wide symbol coverage, in order of preference. WenQuanYi Zen Hei (Debian: fonts-wqy-zenhei)
    /// comes first because it has TrueType outlines: Skia embeds it as a real font whose text copies and extracts as
    /// the characters typed. Noto Sans CJK (fonts-noto-cjk) is CFF, which Skia embeds as Type 3 glyphs that map
    /// some ideographs to look-alike Kangxi radicals (手 as ⼿) when text is extracted.
    /// </summary>
    private static readonly string[] FallbackFamilies =
    [
        "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans CJK KR", "Noto Sans SC", "Source Han Sans SC",
        "WenQuanYi Zen Hei", "Droid Sans Fallback", "Noto Sans", "Noto Sans Symbols", "Noto Sans Symbols 2",
    ];

    private SKTypeface? Load(string family, SKFontStyle style)
    {
        var existing = _owned.FirstOrDefault(t => t.FamilyName == family && t.FontStyle.Weight == style.Weight);
        if (existing is not null)
        {
            return existing;
        }
        var typeface = SKTypeface.FromFamilyName(family, style);
        if (typeface is null)
        {
            return null;
        }
        if (typeface.FamilyName != family)
        {
            // The font manager answered with its default font: the family is not installed.
            typeface.Dispose();
            return null;
        }
        _owned.Add(typeface);
        return typeface;
    }

    /// <summary>One object per family and weight, so runs stay long and each font is embedded once.</summary>
    private SKTypeface Keep(SKTypeface typeface)
    {
        var same = _owned.FirstOrDefault(t => t.FamilyName == typeface.FamilyName && t.FontStyle.Weight == typeface.FontStyle.Weight);
        if (same is not null)
        {
            typeface.Dispose();
            return same;
        }
        _owned.Add(typeface);
        return typeface;
    }
}
