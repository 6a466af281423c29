using Markdig;
using Microsoft.Extensions.Options;

namespace Planner.Web.Services;

/// <summary>docs/methodology.md rendered to HTML (Markdig, GitHub-style tables and auto-identifiers for headings).</summary>
public sealed class MethodologyDocument(IOptions<PlannerWebOptions> options)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    private readonly string _path = Path.Combine(options.Value.DocsPath, "methodology.md");

    public bool Exists => File.Exists(_path);

    public async Task<string> RenderAsync(CancellationToken ct)
    {
        var markdown = await File.ReadAllTextAsync(_path, ct);
        return Markdown.ToHtml(markdown, Pipeline);
    }
}
