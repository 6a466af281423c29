using System.Net;
using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Microsoft.Extensions.Options;

namespace Planner.Web.Services;

/// <summary>One heading of the methodology: its level (2 or 3), text and the id it is linked by (<c>methodology#id</c>).</summary>
public sealed record MethodologyHeading(int Level, string Text, string Id);

/// <summary>The methodology rendered: the HTML (headings carry ids and a link to themselves) and its table of contents.</summary>
public sealed record MethodologyPage(string Html, IReadOnlyList<MethodologyHeading> Contents);

public sealed class MethodologyDocument(IOptions<PlannerWebOptions> options)
{
    // Auto identifiers (part of the advanced extensions) give every heading a GitHub-style id: "## Per-option results" is
    // "per-option-results". The help of inputs and results links to those ids (InputField.MethodologyAnchor, ResultMetrics).
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly string _path = Path.Combine(options.Value.DocsPath, "methodology.md");

    public bool Exists => File.Exists(_path);

    public async Task<MethodologyPage> RenderAsync(CancellationToken ct)
    {
        var markdown = await File.ReadAllTextAsync(_path, ct);
        var document = Markdown.Parse(markdown, Pipeline);
        var contents = new List<MethodologyHeading>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            if (heading.Level is 2 or 3 && heading.GetAttributes().Id is { Length: > 0 } id)
            {
                contents.Add(new MethodologyHeading(heading.Level, InlineText(heading), id));
            }
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new MethodologyPage(Focusable(WithSelfLinks(writer.ToString(), contents)), contents);
    }

    private static string InlineText(HeadingBlock heading)
    {
        var text = new StringBuilder();
        if (heading.Inline is { } inline)
        {
            foreach (var literal in inline.Descendants<Markdig.Syntax.Inlines.LiteralInline>())
            {
                text.Append(literal.Content.ToString());
            }
            foreach (var code in inline.Descendants<Markdig.Syntax.Inlines.CodeInline>())
            {
                text.Append(code.Content);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// Formula blocks and tables scroll sideways on a narrow screen: they take the keyboard focus (tabindex 0) so a
    /// keyboard user can scroll them too (axe rule scrollable-region-focusable). Raw HTML is disabled, so every &lt;pre&gt;
    /// and &lt;table&gt; comes from Markdig.
    /// </summary>
    private static string Focusable(string html) =>
        html.Replace("<pre>", "<pre tabindex=\"0\">", StringComparison.Ordinal).Replace("<table>", "<table tabindex=\"0\">", StringComparison.Ordinal);

    /// <summary>Adds a "#" link after each contents heading, so a reader can copy the link to a formula.</summary>
    private static string WithSelfLinks(string html, IReadOnlyList<MethodologyHeading> contents)
    {
        foreach (var heading in contents)
        {
            var open = $"<h{heading.Level} id=\"{heading.Id}\">";
            var start = html.IndexOf(open, StringComparison.Ordinal);
            var close = start < 0 ? -1 : html.IndexOf($"</h{heading.Level}>", start, StringComparison.Ordinal);
            if (close > 0)
            {
                html = html.Insert(close, $" <a class=\"planner-anchor\" href=\"methodology#{heading.Id}\" aria-label=\"Link to {WebUtility.HtmlEncode(heading.Text)}\">#</a>");
            }
        }
        return html;
    }
}
