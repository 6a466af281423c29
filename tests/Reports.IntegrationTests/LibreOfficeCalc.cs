using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Planner.Reports.IntegrationTests;

/// <summary>
/// Debian's LibreOffice Calc (<c>libreoffice-calc-nogui</c>, installed by scripts/lib/prereqs.sh), run headless to
/// recalculate workbooks from scratch: the formulas' cached values are stripped first, and a private profile sets
/// "recalculate Excel 2007 and newer files on load: always", so every value in the converted file is LibreOffice's own.
/// All files go through one process start (docs/reports.md, "Recalculating the workbook in another spreadsheet").
/// </summary>
internal static class LibreOfficeCalc
{
    public const string Program = "/usr/bin/soffice";

    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>Recalculates every workbook in <paramref name="workbooks"/> and writes LibreOffice's copies to <paramref name="outputFolder"/> under the same names.</summary>
    public static void Recalculate(IReadOnlyList<string> workbooks, string outputFolder, string scratchFolder)
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: install Debian's libreoffice-calc-nogui (scripts/lib/prereqs.sh does, as root)");
        }
        var profile = Path.Combine(scratchFolder, "libreoffice-profile");
        WriteProfile(profile);
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--norestore", "--nolockcheck", "-env:UserInstallation=" + new Uri(profile).AbsoluteUri,
            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outputFolder,
        }.Concat(workbooks))
        {
            start.ArgumentList.Add(argument);
        }
        // A private HOME keeps LibreOffice's other per-user files out of the real one.
        start.Environment["HOME"] = scratchFolder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("LibreOffice did not finish converting the workbooks within 5 minutes");
        }
        var missing = workbooks.Where(w => !File.Exists(Path.Combine(outputFolder, Path.GetFileName(w)))).ToList();
        if (process.ExitCode != 0 || missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"soffice exited {process.ExitCode}, {missing.Count} workbook(s) not converted: {string.Join(", ", missing)}\n{stdout.Result}\n{stderr.Result}");
        }
    }

    /// <summary>Removes the cached value of every formula cell, so that a spreadsheet opening the file must compute it.</summary>
    public static void StripCachedValues(string workbook)
    {
        using var zip = ZipFile.Open(workbook, ZipArchiveMode.Update);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)).ToList())
        {
            XDocument sheet;
            using (var stream = entry.Open())
            {
                sheet = XDocument.Load(stream);
            }
            foreach (var cell in sheet.Descendants(Main + "c").Where(c => c.Element(Main + "f") is not null))
            {
                cell.Element(Main + "v")?.Remove();
                // A formula's result type belongs with its value.
                cell.Attribute("t")?.Remove();
            }
            var name = entry.FullName;
            entry.Delete();
            using var output = zip.CreateEntry(name).Open();
            sheet.Save(output);
        }
    }

    /// <summary>A user profile whose only setting is "always recalculate OOXML files on load" (0 = always, 1 = never, 2 = ask).</summary>
    private static void WriteProfile(string profile)
    {
        var user = Directory.CreateDirectory(Path.Combine(profile, "user")).FullName;
        File.WriteAllText(Path.Combine(user, "registrymodifications.xcu"), """
            <?xml version="1.0" encoding="UTF-8"?>
            <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
            <item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
            <item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
            </oor:items>
            """);
    }
}
