using System.Globalization;

namespace Planner.Reports;

/// <summary>The languages a PDF report is written in (docs/decisions/026-report-language.md).</summary>
public enum ReportLanguage
{
    /// <summary>English ("en"), the default.</summary>
    English,

    /// <summary>Simplified Chinese ("zh-CN").</summary>
    SimplifiedChinese,
}

/// <summary>The language tags hosts accept (<c>--lang</c>, <c>?lang=</c>) and the culture each language formats with.</summary>
public static class ReportLanguages
{
    /// <summary>Every accepted tag, the default first.</summary>
    public static readonly IReadOnlyList<string> Tags = [Tag(ReportLanguage.English), Tag(ReportLanguage.SimplifiedChinese)];

    /// <summary>"must be en or zh-CN": the rule a host's error states after the parameter's name.</summary>
    public static string Rule => $"must be {string.Join(" or ", Tags)}";

    public static string Tag(ReportLanguage language) => language switch
    {
        ReportLanguage.English => "en",
        ReportLanguage.SimplifiedChinese => "zh-CN",
    };

    /// <summary>The culture that picks the report's text and formats its numbers and dates.</summary>
    public static CultureInfo Culture(ReportLanguage language) => CultureInfo.GetCultureInfo(Tag(language));

    /// <summary>The language a tag names ("en", "zh-CN", in any letter case); null for any other text.</summary>
    public static ReportLanguage? Parse(string? tag) =>
        Enum.GetValues<ReportLanguage>().Cast<ReportLanguage?>().FirstOrDefault(l => string.Equals(Tag(l!.Value), tag?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The report language for a user interface culture: Simplified Chinese for any Chinese culture (the only Chinese
    /// the reports are written in), English for every other.
    /// </summary>
    public static ReportLanguage FromCulture(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "zh" ? ReportLanguage.SimplifiedChinese : ReportLanguage.English;
    }
}
