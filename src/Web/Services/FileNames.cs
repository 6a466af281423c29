using System.Text;

namespace Planner.Web.Services;

/// <summary>Download file names made from user text: lower-case letters, digits and dashes.</summary>
public static class FileNames
{
    public static string For(string name, string extension)
    {
        var stem = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                stem.Append(c);
            }
            else if (stem.Length > 0 && stem[^1] != '-')
            {
                stem.Append('-');
            }
        }
        var text = stem.ToString().Trim('-');
        return (text.Length == 0 ? "scenario" : text) + "." + extension;
    }
}
