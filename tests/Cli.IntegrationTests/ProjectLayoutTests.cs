using System.Xml.Linq;

namespace Planner.Cli.IntegrationTests;

/// <summary>
/// The project boundaries of issue 11 (docs/decisions/052-one-home-per-concept-review.md), read from the project files
/// themselves: the cost model takes no package and no project, the store reads benchmark runs through the results
/// format and never the runners, and README's layout table names every project under src/.
/// </summary>
public sealed class ProjectLayoutTests
{
    private static readonly string Src = Path.Combine(PlannerProcess.RepositoryRoot, "src");

    public static TheoryData<string> Projects() => 
        new(Directory.GetDirectories(Src).Select(Path.GetFileName).OfType<string>().Where(HasProjectFile).Order(StringComparer.Ordinal));

    [Fact]
    public void The_cost_model_references_no_package_and_no_other_project()
    {
        var project = ProjectFile("CostModel");

        Assert.Empty(Items(project, "PackageReference"));
        Assert.Empty(Items(project, "ProjectReference"));
    }

    [Fact]
    public void The_store_reads_benchmark_runs_through_the_results_format_and_never_references_the_runners()
    {
        var references = Items(ProjectFile("Data"), "ProjectReference").Select(ProjectName).ToList();

        Assert.Contains("Benchmarks.Format", references);
        Assert.DoesNotContain("Benchmarks", references);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_readme_layout_table_names_every_project(string project)
    {
        var readme = File.ReadAllText(Path.Combine(PlannerProcess.RepositoryRoot, "README.md"));
        var layout = readme[readme.IndexOf("## Layout", StringComparison.Ordinal)..];

        Assert.Contains($"| `src/{project}` |", layout, StringComparison.Ordinal);
    }

    private static bool HasProjectFile(string folder) => File.Exists(Path.Combine(Src, folder, folder + ".csproj"));

    private static XDocument ProjectFile(string project) => XDocument.Load(Path.Combine(Src, project, project + ".csproj"));

    private static IEnumerable<XElement> Items(XDocument project, string name) => project.Descendants(name);

    /// <summary>"..\Benchmarks.Format\Benchmarks.Format.csproj" → "Benchmarks.Format".</summary>
    private static string ProjectName(XElement reference) =>
        Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'));
}
