using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Planner.Web.Localization;

/// <summary>
/// The resource strings of a static helper (Display, the chart builders), which cannot be injected: the same lookup the
/// injected <see cref="IStringLocalizer{T}"/> makes (Resources/&lt;folder&gt;/&lt;Type&gt;.resx, the current UI culture).
/// </summary>
public static class ResourceText
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance);

    /// <summary>The strings of <paramref name="type"/> (a static class too: <c>ResourceText.For(typeof(Display))</c>).</summary>
    public static IStringLocalizer For(Type type) => Factory.Create(type);
}
