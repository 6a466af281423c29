using System.Text;
using System.Text.RegularExpressions;

namespace Planner.Web.ComponentTests.Localization;

/// <summary>
/// Every visible string of a component comes from its resources (docs/decisions/025-localization.md): this scans the
/// .razor files for words written into the markup, as text between tags or in an attribute a person sees or hears.
/// </summary>
public sealed partial class HardCodedTextTests
{
    /// <summary>Attributes whose value is shown or read out.</summary>
    private static readonly HashSet<string> VisibleAttributes = new(StringComparer.Ordinal)
    {
        "Label", "Title", "Text", "Placeholder", "HelperText", "ErrorText", "AdornmentText", "AdornmentAriaLabel",
        "aria-label", "aria-description", "aria-roledescription", "title", "alt", "Tooltip", "Caption", "AddLabel",
        "ConfirmText", "CancelText", "ButtonText",
    };

    private static string Components => Path.Combine(SourceTree.Web, "Components");

    public static TheoryData<string> RazorFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Components, "*.razor", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Components, file).Replace('\\', '/'));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RazorFiles))]
    public void A_component_writes_no_visible_words_in_its_markup(string file)
    {
        var found = HardCodedText(File.ReadAllText(Path.Combine(Components, file)));
        Assert.True(found.Count == 0, $"{file} writes visible words outside its resources:\n  " + string.Join("\n  ", found));
    }

    [Fact]
    public void The_scan_finds_words_in_text_and_visible_attributes_but_not_in_expressions_code_or_comments()
    {
        const string razor = """
            @page "/x"
            @inject IStringLocalizer<X> L
            @* A comment with words *@
            <MudText Typo="Typo.h6" data-testid="some-id">Hard-coded heading</MudText>
            <MudButton aria-label="Close the dialog" OnClick="Go">@L["Close"]</MudButton>
            <MudTooltip Text="@L["Tip"]"><span title="@($"About {name} here")">@name</span></MudTooltip>
            <p>@L["Run"] <code>planner user add</code> @item!.Note</p>
            @if (x > 1)
            {
                var y = "not shown";
                <p>@L["Shown"] · @(y)</p>
            }
            @code {
                private string Word => "inside code";
            }
            """;
        Assert.Equal(["text: Hard-coded heading", "aria-label: Close the dialog", "title (interpolated): About {name} here"], HardCodedText(razor));
    }

    /// <summary>The hard-coded visible words of a component, each as "where: words".</summary>
    internal static List<string> HardCodedText(string razor)
    {
        var markup = StripCode(StripComments(razor));
        var found = new List<string>();
        var text = new StringBuilder();
        for (var i = 0; i < markup.Length;)
        {
            if (markup[i] == '<' && i + 1 < markup.Length && (char.IsLetter(markup[i + 1]) || markup[i + 1] == '/' || markup[i + 1] == '!'))
            {
                CheckText(text.ToString(), found);
                text.Clear();
                var end = ReadTag(markup, i, found);
                // Code, commands and keys (<code>planner user add</code>) are not translated.
                if (CodeTag().Match(markup, i) is { Success: true, Index: var at } && at == i)
                {
                    var close = markup.IndexOf("</" + CodeTag().Match(markup, i).Groups[1].Value + ">", end, StringComparison.Ordinal);
                    end = close < 0 ? markup.Length : close;
                }
                i = end;
            }
            else if (markup[i] == '@')
            {
                i = SkipExpression(markup, i, found);
            }
            else
            {
                text.Append(markup[i]);
                i++;
            }
        }
        CheckText(text.ToString(), found);
        return found;
    }

    private static string StripComments(string razor) => RazorComment().Replace(razor, "");

    /// <summary>Removes @code { … } and @functions { … } blocks (brace-matched).</summary>
    private static string StripCode(string razor)
    {
        while (CodeBlock().Match(razor) is { Success: true } match)
        {
            var open = razor.IndexOf('{', match.Index);
            var end = MatchingClose(razor, open, '{', '}');
            razor = razor[..match.Index] + razor[Math.Min(end + 1, razor.Length)..];
        }
        return razor;
    }

    private static void CheckText(string text, List<string> found)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = Entity().Replace(raw, " ").Trim();
            // C# statements and block punctuation between tags in @if/@foreach bodies.
            if (line.Length == 0 || line.EndsWith(';') || line.EndsWith('{') || line.StartsWith('}') || line.StartsWith('{')
                || line.StartsWith("else", StringComparison.Ordinal) || line.StartsWith("case ", StringComparison.Ordinal)
                || line.StartsWith("default:", StringComparison.Ordinal) || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            if (line.Any(char.IsLetter))
            {
                found.Add("text: " + line);
            }
        }
    }

    /// <summary>Reads one tag from '&lt;' to its '&gt;', checking visible attributes; returns the index after it.</summary>
    private static int ReadTag(string s, int start, List<string> found)
    {
        var i = start + 1;
        if (s[i] == '!')
        {
            var close = s.IndexOf('>', i);
            return close < 0 ? s.Length : close + 1;
        }
        while (i < s.Length && s[i] != '>')
        {
            if (s[i] == '"' || s[i] == '\'')
            {
                i = SkipQuoted(s, i) + 1;
                continue;
            }
            if (char.IsLetter(s[i]) || s[i] == '@')
            {
                var nameStart = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '-' or ':' or '_' or '@' or '.'))
                {
                    i++;
                }
                var name = s[nameStart..i];
                while (i < s.Length && char.IsWhiteSpace(s[i]))
                {
                    i++;
                }
                if (i < s.Length && s[i] == '=')
                {
                    i++;
                    while (i < s.Length && char.IsWhiteSpace(s[i]))
                    {
                        i++;
                    }
                    if (i < s.Length && (s[i] == '"' || s[i] == '\''))
                    {
                        var end = SkipQuoted(s, i);
                        if (VisibleAttributes.Contains(name))
                        {
                            CheckAttribute(name, s[(i + 1)..end], found);
                        }
                        i = end + 1;
                    }
                }
                continue;
            }
            i++;
        }
        return i + 1;
    }

    private static void CheckAttribute(string name, string value, List<string> found)
    {
        var outside = new StringBuilder();
        for (var i = 0; i < value.Length;)
        {
            if (value[i] == '@')
            {
                i = SkipExpression(value, i, found, name);
            }
            else
            {
                outside.Append(value[i]);
                i++;
            }
        }
        var words = Entity().Replace(outside.ToString(), " ").Trim();
        if (words.Any(char.IsLetter))
        {
            found.Add(name + ": " + words);
        }
    }

    /// <summary>Skips "…" or '…' from the opening quote, treating @( … ) inside as C# (which may hold quotes); returns the closing quote's index.</summary>
    private static int SkipQuoted(string s, int open)
    {
        var quote = s[open];
        var i = open + 1;
        while (i < s.Length && s[i] != quote)
        {
            if (s[i] == '@' && i + 1 < s.Length && s[i + 1] == '(')
            {
                i = MatchingClose(s, i + 1, '(', ')') + 1;
                continue;
            }
            if (s[i] == '@' && i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] == '_'))
            {
                i = EndOfImplicitExpression(s, i + 1);
                continue;
            }
            i++;
        }
        return Math.Min(i, s.Length - 1);
    }

    /// <summary>
    /// Skips an @-expression (@x.y[..](..), @( … ), @{ … }, @if/@foreach/… headers, directives to the end of the line);
    /// interpolated strings inside an explicit expression are display text, so their literal words count as found.
    /// </summary>
    private static int SkipExpression(string s, int at, List<string> found, string where = "text")
    {
        var i = at + 1;
        if (i >= s.Length)
        {
            return i;
        }
        if (s[i] == '@' || s[i] == '*')
        {
            return i + 1;
        }
        if (s[i] == '(')
        {
            var end = MatchingClose(s, i, '(', ')');
            CheckInterpolations(s[i..Math.Min(end + 1, s.Length)], found, where);
            return end + 1;
        }
        if (s[i] == '{')
        {
            return MatchingClose(s, i, '{', '}') + 1;
        }
        var wordEnd = i;
        while (wordEnd < s.Length && (char.IsLetterOrDigit(s[wordEnd]) || s[wordEnd] == '_'))
        {
            wordEnd++;
        }
        var word = s[i..wordEnd];
        switch (word)
        {
            case "if" or "foreach" or "for" or "while" or "switch" or "using" when wordEnd < s.Length && s[SkipSpace(s, wordEnd)] == '(':
                return MatchingClose(s, SkipSpace(s, wordEnd), '(', ')') + 1;
            case "page" or "inject" or "using" or "attribute" or "inherits" or "implements" or "layout" or "namespace"
                or "typeparam" or "rendermode" or "preservewhitespace":
                var eol = s.IndexOf('\n', wordEnd);
                return eol < 0 ? s.Length : eol;
            default:
                return EndOfImplicitExpression(s, i);
        }
    }

    private static int SkipSpace(string s, int i)
    {
        while (i < s.Length - 1 && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>@name, @a.b.c, @a[..], @a(..), @a?.b, @await x: ends where the implicit expression ends.</summary>
    private static int EndOfImplicitExpression(string s, int i)
    {
        if (s.AsSpan(i).StartsWith("await "))
        {
            i += "await ".Length;
        }
        while (i < s.Length)
        {
            if (char.IsLetterOrDigit(s[i]) || s[i] == '_')
            {
                i++;
            }
            else if (s[i] == '(' )
            {
                i = MatchingClose(s, i, '(', ')') + 1;
            }
            else if (s[i] == '[')
            {
                i = MatchingClose(s, i, '[', ']') + 1;
            }
            else if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] == '.' || s[i + 1] == '_'))
            {
                i++;
            }
            else
            {
                break;
            }
        }
        return i;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="open"/>, skipping C# strings and chars.</summary>
    private static int MatchingClose(string s, int open, char openChar, char closeChar)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                i = EndOfCSharpString(s, i);
                continue;
            }
            if (c == '\'' && i + 2 < s.Length && (s[i + 2] == '\'' || s[i + 1] == '\\'))
            {
                i = s.IndexOf('\'', i + 2);
                continue;
            }
            if (c == openChar)
            {
                depth++;
            }
            else if (c == closeChar && --depth == 0)
            {
                return i;
            }
        }
        return s.Length - 1;
    }

    /// <summary>The closing quote of a C# string starting at <paramref name="quote"/> (escapes and interpolation holes skipped).</summary>
    private static int EndOfCSharpString(string s, int quote)
    {
        var interpolated = quote > 0 && s[quote - 1] == '$';
        for (var i = quote + 1; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (interpolated && s[i] == '{')
            {
                if (i + 1 < s.Length && s[i + 1] == '{')
                {
                    i++;
                    continue;
                }
                i = MatchingClose(s, i, '{', '}');
            }
            else if (s[i] == '"')
            {
                return i;
            }
        }
        return s.Length - 1;
    }

    /// <summary>Interpolated strings ($"…") inside an expression are text made for a person: their literal words count.</summary>
    private static void CheckInterpolations(string expression, List<string> found, string where)
    {
        for (var i = 0; i < expression.Length - 1; i++)
        {
            if (expression[i] == '$' && expression[i + 1] == '"')
            {
                var end = EndOfCSharpString(expression, i + 1);
                var literal = expression[(i + 2)..end];
                var words = Hole().Replace(literal, "");
                if (words.Any(char.IsLetter))
                {
                    found.Add($"{where} (interpolated): {literal}");
                }
                i = end;
            }
        }
    }

    [GeneratedRegex(@"<(code|kbd|pre)[\s>]")]
    private static partial Regex CodeTag();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"@(code|functions)\s*\{")]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"&[#a-zA-Z0-9]+;")]
    private static partial Regex Entity();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Hole();
}
