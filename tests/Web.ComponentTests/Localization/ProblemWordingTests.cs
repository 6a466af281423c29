using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Planner.CostModel;
using Planner.CostModel.Json;
using Planner.CostModel.Projection;
using Planner.CostModel.Serving;
using Planner.CostModel.Text;
using Planner.Reports.Localization;
using Planner.Web.Services;

namespace Planner.Web.ComponentTests.Localization;

/// <summary>
/// A problem the web can show is worded through a phrase, so it shows in the reader's language
/// (docs/decisions/033-one-table-of-cost-model-words.md): this scans the libraries and the web host for problems made from
/// an English string (<c>InputProblem.At(path, "…")</c>, <c>new InputProblem(path, $"…")</c>, <c>InputProblem.General("…")</c>,
/// <c>new InputException("…")</c>), and reads real problems back in Chinese.
/// </summary>
public sealed partial class ProblemWordingTests
{
    /// <summary>The assemblies whose <see cref="PhraseTemplate"/>s the one table translates.</summary>
    public static IReadOnlyList<Assembly> WordingAssemblies { get; } =
        [typeof(InputProblem).Assembly, typeof(Planner.Data.Scenarios.ScenarioResolver).Assembly, typeof(Planner.Benchmarks.BenchmarkEngine).Assembly, typeof(Planner.Benchmarks.Results.BenchmarkResultsJson).Assembly];

    /// <summary>
    /// Every phrase the one table translates: the templates the libraries declare, and each catalog column's label and
    /// description (named per catalog kind when the kind is built, so reflection over static fields does not find them).
    /// </summary>
    public static IReadOnlyList<PhraseTemplate> AllPhrases { get; } =
    [
        .. CostModelText.PhraseTemplates(WordingAssemblies),
        .. Planner.Data.Catalogs.CatalogKinds.All.SelectMany(k => k.Columns).SelectMany(c => new[] { c.LabelWording, c.DescriptionWording }),
    ];

    /// <summary>The folders whose problems reach the web interface (the CLI, a file-format reader's host, prints English).</summary>
    private static readonly string[] Scanned = ["src/CostModel", "src/Data", "src/Benchmarks", "src/Benchmarks.Format", "src/Web"];

    /// <summary>
    /// English problems still written as strings, by file, with how many: this list may only shrink. Each is shown in
    /// English in the Chinese interface until it gets a phrase (add the template beside its code and its "phrase:" entry
    /// to src/Reports/Resources/CostModelText.zh-CN.resx, then lower or remove its count here).
    /// </summary>
    private static readonly Dictionary<string, int> NotYetWorded = new(StringComparer.Ordinal)
    {
        // The web API's own parameter checks: problem details for programs, in English as the file formats (ADR 025).
        ["src/Web/Apis/CapacityApi.cs"] = 2,
        // Identity's own texts.
        ["src/Data/Accounts/AccountService.cs"] = 1,
        // Lines of a profile's or a results file's validation, each prefixed with the file (the validators write strings).
        ["src/Benchmarks/BenchmarkEngine.cs"] = 1,
        ["src/Benchmarks.Format/Results/BenchmarkResultsJson.cs"] = 1,
    };

    [Fact]
    public void Every_problem_the_web_can_show_is_worded_through_a_phrase_except_the_shrinking_list()
    {
        var found = Scanned.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(SourceTree.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(SourceTree.Root, f).Replace('\\', '/'), Lines: EnglishProblems(File.ReadAllText(f))))
            .Where(f => f.Lines.Count > 0)
            .ToDictionary(f => f.File, f => f.Lines, StringComparer.Ordinal);

        var grown = found.Where(f => f.Value.Count > NotYetWorded.GetValueOrDefault(f.Key))
            .Select(f => $"{f.Key} makes {f.Value.Count} problem(s) from English strings (allowed {NotYetWorded.GetValueOrDefault(f.Key)}):\n    "
                + string.Join("\n    ", f.Value));
        Assert.True(!grown.Any(), "word these problems through a PhraseTemplate with a zh-CN entry:\n" + string.Join("\n", grown));
        var shrunk = NotYetWorded.Where(n => found.GetValueOrDefault(n.Key)?.Count is not { } count || count < n.Value)
            .Select(n => $"{n.Key}: {found.GetValueOrDefault(n.Key)?.Count ?? 0} now, {n.Value} listed");
        Assert.True(!shrunk.Any(), "lower the list to what is left:\n" + string.Join("\n", shrunk));
    }

    [Fact]
    public void The_scan_finds_problems_made_from_strings_and_not_those_made_from_phrases()
    {
        const string code = """
            problems.Add(InputProblem.At(fieldOf("gpus"), $"must be >= 1 (got {n})"));
            problems.Add(InputProblem.At(path, Rule.With(name)));
            throw new InputException(InputProblem.General("no input carries a distribution"));
            return new InputProblem(path, string.Create(CultureInfo.InvariantCulture, $"{path}: bad"));
            problems.Add(InputProblem.Labelled(path, NoRow.With(f("x"), "y")));
            throw new InputException($"scenario file not found: {path}");
            throw new InputException(problems);
            return new InputProblem(column, value.Length == 0 ? $"{label} is empty" : $"{label} {rule}");
            """;
        Assert.Equal(
        [
            "InputProblem.At(fieldOf(\"gpus\"), $\"must be >= 1 (got {n})\")",
            "InputProblem.General(\"no input carries a distribution\")",
            "new InputProblem(path, string.Create(CultureInfo.InvariantCulture, $\"{path}: bad\"))",
            "new InputException($\"scenario file not found: {path}\")",
            "new InputProblem(column, value.Length == 0 ? $\"{label} is empty\" : $\"{label} {rule}\")",
        ], EnglishProblems(code));
    }

    [Fact]
    public void Problems_from_the_JSON_reader_projection_capacity_and_simulation_show_in_Chinese_naming_the_field_and_range()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        var notJson = Assert.Single(Assert.Throws<InputException>(() => ScenarioJson.Parse("{\"name\": \"x\", \"horizonMonths\": \"soon\"")).Problems);
        Assert.StartsWith("场景不是有效的 JSON：", CostModelText.Problem(notJson, zh), StringComparison.Ordinal);

        var unknown = Assert.Throws<InputException>(() => ScenarioJson.Parse("""{"name": "x", "horizon": 12}""")).Problems.First(p => p.Path == "horizon");
        Assert.StartsWith("horizon 不是场景的字段（已知字段：name, description,", CostModelText.Problem(unknown, zh), StringComparison.Ordinal);
        Assert.StartsWith("horizon is not a field of a scenario (known: name, description,", unknown.Message, StringComparison.Ordinal);

        var peak = CapacityPlanRequest.PeakRateProblem(0, f => f)!;
        Assert.Equal("rate 必须 > 0 且 <= 1000000 请求/秒（输入为 0）", CostModelText.Problem(peak, zh));
        Assert.Equal("rate must be > 0 and <= 1000000 requests/s (got 0)", peak.Message);

        var target = Assert.Single(new ServingTargets(0, 50).Validate(f => f));
        Assert.Equal("ttftMs：必须大于 0 且不超过 3600000 毫秒，输入为 0。", CostModelText.Problem(target, zh));
        Assert.Equal("ttftMs: must be greater than 0 and at most 3600000 ms, got 0.", target.Message);

        var engine = Assert.Single(Assert.Throws<InputException>(() => EnginePresets.Get("warp9")).Problems);
        Assert.StartsWith("engine 必须是以下之一：", CostModelText.Problem(engine, zh), StringComparison.Ordinal);
        Assert.EndsWith("（输入为 \"warp9\"）", CostModelText.Problem(engine, zh), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_phrase_renders_in_Chinese_with_its_arguments_in_place_and_no_English_sentence_left()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        foreach (var template in AllPhrases)
        {
            var args = Enumerable.Range(0, 10).Select(i => (object)$"«{i}»").ToArray();
            var chinese = CostModelText.Phrase(template.With(args), zh);
            foreach (Match placeholder in Placeholder().Matches(template.English))
            {
                Assert.Contains($"«{placeholder.Groups[1].Value}»", chinese, StringComparison.Ordinal);
            }
            // Field names, units and commands stay as they are; a run of three English words is a sentence left untranslated.
            Assert.False(EnglishWords().IsMatch(Placeholder().Replace(chinese, "")), $"{template.Code} reads \"{chinese}\"");
        }
    }

    /// <summary>The problems of <paramref name="code"/> that are made from an English string, each as its call.</summary>
    internal static List<string> EnglishProblems(string code)
    {
        var found = new List<string>();
        foreach (Match call in ProblemCall().Matches(code))
        {
            var open = call.Index + call.Length - 1;
            var close = MatchingClose(code, open);
            var args = TopLevelArguments(code[(open + 1)..close]);
            var text = call.Groups[1].Value is "InputProblem.General" or "new InputException" ? args.FirstOrDefault() : args.ElementAtOrDefault(1);
            if (text is not null && (EnglishText().IsMatch(text) || HasTopLevelString(text)))
            {
                found.Add(code[call.Index..(close + 1)]);
            }
        }
        return found;
    }

    /// <summary>A string literal outside any call in the argument: <c>cond ? "a" : "b"</c>, <c>"a" + b</c>.</summary>
    private static bool HasTopLevelString(string argument)
    {
        var depth = 0;
        for (var i = 0; i < argument.Length; i++)
        {
            switch (argument[i])
            {
                case '"' when depth == 0:
                    return true;
                case '"':
                    i = EndOfString(argument, i);
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']':
                    depth--;
                    break;
            }
        }
        return false;
    }

    private static int MatchingClose(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '"':
                    i = EndOfString(s, i);
                    break;
                case '(':
                    depth++;
                    break;
                case ')' when --depth == 0:
                    return i;
            }
        }
        return s.Length - 1;
    }

    /// <summary>The closing quote of the string opening at <paramref name="quote"/> (escapes skipped; interpolation holes by brace depth).</summary>
    private static int EndOfString(string s, int quote)
    {
        var interpolated = quote > 0 && s[quote - 1] == '$';
        var holes = 0;
        for (var i = quote + 1; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (interpolated && s[i] == '{')
            {
                holes++;
            }
            else if (interpolated && s[i] == '}')
            {
                holes--;
            }
            else if (s[i] == '"' && holes <= 0)
            {
                return i;
            }
            else if (s[i] == '"' && holes > 0)
            {
                i = EndOfString(s, i);
            }
        }
        return s.Length - 1;
    }

    private static List<string> TopLevelArguments(string inside)
    {
        var args = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inside.Length; i++)
        {
            switch (inside[i])
            {
                case '"':
                    i = EndOfString(inside, i);
                    break;
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    break;
                case ',' when depth == 0:
                    args.Add(inside[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        args.Add(inside[start..].Trim());
        return args;
    }

    [GeneratedRegex(@"(InputProblem\.At|InputProblem\.General|new InputProblem|new InputException)\s*\(")]
    private static partial Regex ProblemCall();

    /// <summary>A text argument that is English written in place: a literal, an interpolation or a string built from one.</summary>
    [GeneratedRegex(@"^(\$?@?""|@?\$""|string\.Create\(|string\.Format\()")]
    private static partial Regex EnglishText();

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b(?!(?:and|or)\b)[a-z]{2,}\s(?:a|an|the|is|are|must|be|of|to|no|not|has|have|give|with)\s[a-z]{2,}\b")]
    private static partial Regex EnglishWords();
}
