using Planner.CostModel.Text;
using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Planner.CostModel;
using Planner.Data.Entities;
using Planner.Data.Storage;

namespace Planner.Data.Catalogs;

/// <summary>A check that needs other data (e.g. "the GPU of a cloud offer exists"); returns the bad column and rule, or null.</summary>
internal delegate (string Column, Phrase Rule)? RowCheck<in TRow>(TRow row);

/// <summary>
/// One catalog kind: its CSV columns (import and export), its key and the names it is found by, and how it is stored.
/// Adding a catalog kind = an entity, a DbSet, one <see cref="CatalogKind{TRow}"/> in <see cref="CatalogKinds"/>, a seed file.
/// </summary>
public sealed class CatalogKind<TRow> : ICatalogKind where TRow : CatalogRow, new()
{
    private readonly Func<PlannerDbContext, DbSet<TRow>> _set;
    private readonly Func<TRow, string> _key;
    private readonly Func<TRow, IEnumerable<string>> _aliases;
    private readonly Func<PlannerDbContext, CancellationToken, Task<RowCheck<TRow>>>? _prepareCheck;

    internal CatalogKind(
        string name,
        string seedFile,
        string keyColumn,
        IReadOnlyList<CatalogColumn<TRow>> columns,
        Func<PlannerDbContext, DbSet<TRow>> set,
        Func<TRow, string> key,
        Func<TRow, IEnumerable<string>>? aliases = null,
        Func<PlannerDbContext, CancellationToken, Task<RowCheck<TRow>>>? prepareCheck = null)
    {
        Name = name;
        SeedFile = seedFile;
        KeyColumn = keyColumn;
        TypedColumns = columns;
        foreach (var column in columns)
        {
            column.BindTo(name);
        }
        _set = set;
        _key = key;
        _aliases = aliases ?? (row => [key(row)]);
        _prepareCheck = prepareCheck;
    }

    public string Name { get; }

    public string SeedFile { get; }

    /// <summary>The column duplicate keys are reported against.</summary>
    public string KeyColumn { get; }

    public Type RowType => typeof(TRow);

    public IReadOnlyList<CatalogColumn<TRow>> TypedColumns { get; }

    public IReadOnlyList<ICatalogColumn> Columns => TypedColumns;

    public string Key(TRow row) => _key(row);

    public string KeyOf(CatalogRow row) => _key((TRow)row);

    public IReadOnlyList<string> Format(CatalogRow row) => TypedColumns.Select(c => c.Format((TRow)row)).ToArray();

    /// <summary>Finds a row by any of its names (case-insensitive, white space collapsed).</summary>
    public CatalogMatch<TRow> Find(IReadOnlyList<TRow> rows, string query)
    {
        var wanted = CatalogMatch<TRow>.Normalize(query);
        var exact = rows.Where(r => _aliases(r).Any(a => CatalogMatch<TRow>.Normalize(a) == wanted)).ToList();
        if (exact.Count == 1)
        {
            return new CatalogMatch<TRow>(query, exact[0], []);
        }
        if (exact.Count > 1)
        {
            return new CatalogMatch<TRow>(query, null, exact.Select(_key).Order(StringComparer.Ordinal).ToArray()) { IsAmbiguous = true };
        }
        var close = rows
            .Where(r => _aliases(r).Select(CatalogMatch<TRow>.Normalize).Any(a => IsClose(a, wanted)))
            .Select(_key)
            .Order(StringComparer.Ordinal)
            .Take(5)
            .ToArray();
        return new CatalogMatch<TRow>(query, null, close);
    }

    public async Task<IReadOnlyList<TRow>> ListTypedAsync(PlannerDbContext db, CancellationToken ct)
    {
        var rows = await _set(db).AsNoTracking().ToListAsync(ct);
        return rows.OrderBy(_key, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public async Task<IReadOnlyList<CatalogRow>> ListAsync(PlannerDbContext db, CancellationToken ct) =>
        [.. await ListTypedAsync(db, ct)];

    public async Task<bool> IsEmptyAsync(PlannerDbContext db, CancellationToken ct) => !await _set(db).AnyAsync(ct);

    public string WriteCsv(IEnumerable<CatalogRow> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
        {
            csv.WriteRecord(TypedColumns.Select(c => c.Name).ToArray());
            foreach (var row in rows)
            {
                csv.WriteRecord([.. Format(row).Select(CsvCells.Neutralise)]);
            }
            csv.Flush();
        }
        return text.ToString();
    }

    public Task<CatalogImportResult> ImportAsync(PlannerDbContext db, TextReader csv, string changedBy, DateTime now, CancellationToken ct) =>
        ImportCoreAsync(db, csv, changedBy, now, withRowNumbers: true, ct);

    public Task<CatalogImportResult> SaveRowAsync(PlannerDbContext db, TextReader csv, string changedBy, DateTime now, CancellationToken ct) =>
        ImportCoreAsync(db, csv, changedBy, now, withRowNumbers: false, ct, forForm: true);

    /// <summary>Adds or replaces one row (a web edit): the same rules as an import, without row numbers in messages.</summary>
    internal Task<CatalogImportResult> UpsertAsync(PlannerDbContext db, TRow row, string changedBy, DateTime now, CancellationToken ct) =>
        ImportCoreAsync(db, new StringReader(WriteCsv([row])), changedBy, now, withRowNumbers: false, ct);

    private async Task<CatalogImportResult> ImportCoreAsync(PlannerDbContext db, TextReader csv, string changedBy, DateTime now,
        bool withRowNumbers, CancellationToken ct, bool forForm = false)
    {
        var parsed = Parse(csv, withRowNumbers);
        var problems = parsed.Problems;
        var formProblems = parsed.FormProblems;
        if (_prepareCheck is not null)
        {
            var check = await _prepareCheck(db, ct);
            foreach (var (rowNumber, row) in parsed.Rows)
            {
                if (check(row) is { } bad)
                {
                    var value = TypedColumns.First(c => c.Name == bad.Column).Format(row);
                    problems.Add(rowNumber, Describe(withRowNumbers ? rowNumber : null, bad.Column, value, bad.Rule.ToString()));
                    formProblems.Add(FormProblem(bad.Column, value, bad.Rule));
                }
            }
        }
        if (forForm && formProblems.Count > 0)
        {
            throw new InputException(formProblems);
        }
        if (problems.Count > 0)
        {
            var lines = problems.OrderBy(p => p.Key).Select(p => p.Value).ToList();
            lines.Add($"{Name}: {problems.Count} bad row{(problems.Count == 1 ? "" : "s")}; nothing was imported");
            throw new InputException(lines.Select(InputProblem.General).ToList());
        }

        var set = _set(db);
        var existing = (await set.ToListAsync(ct)).ToDictionary(r => CatalogMatch<TRow>.Normalize(_key(r)), StringComparer.Ordinal);
        int added = 0, replaced = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (_, row) in parsed.Rows)
        {
            row.UpdatedBy = changedBy;
            row.UpdatedAt = now;
            if (existing.TryGetValue(CatalogMatch<TRow>.Normalize(_key(row)), out var old))
            {
                replaced++;
                if (string.Equals(_key(old), _key(row), StringComparison.Ordinal))
                {
                    db.Entry(old).CurrentValues.SetValues(row);
                    continue;
                }
                set.Remove(old);
            }
            else
            {
                added++;
            }
            set.Add(row);
        }
        Accounts.AuditLog.Add(db, now, changedBy, "catalog.import", Name, $"{added} added, {replaced} replaced");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new CatalogImportResult(Name, added, replaced);
    }

    public async Task<int> FillSeedColumnsAsync(PlannerDbContext db, TextReader seedCsv, string seedUser, DateTime now, CancellationToken ct)
    {
        var parsed = Parse(seedCsv, withRowNumbers: true);
        if (parsed.Problems.Count > 0)
        {
            throw new InputException([.. parsed.Problems.Values.Select(InputProblem.General)]);
        }
        var seeded = parsed.Rows.ToDictionary(r => CatalogMatch<TRow>.Normalize(_key(r.Value)), r => r.Value, StringComparer.Ordinal);
        var filled = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var row in await _set(db).Where(r => r.UpdatedBy == seedUser).ToListAsync(ct))
        {
            if (!seeded.TryGetValue(CatalogMatch<TRow>.Normalize(_key(row)), out var seed))
            {
                continue;
            }
            var any = false;
            foreach (var column in TypedColumns)
            {
                if (column.Format(row).Length == 0 && column.Format(seed) is { Length: > 0 } value)
                {
                    any |= column.TryParse(row, value);
                }
            }
            filled += any ? 1 : 0;
        }
        if (filled > 0)
        {
            Accounts.AuditLog.Add(db, now, seedUser, "catalog.upgrade", Name, $"{filled} seeded rows given the seed's values of columns they lacked");
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return filled;
    }

    private ParsedCsv Parse(TextReader reader, bool withRowNumbers)
    {
        var problems = new SortedDictionary<int, string>();
        var formProblems = new List<InputProblem>();
        var rows = new List<(int Row, TRow Value)>();
        var options = new CsvReaderOptions { Separator = ',', HasHeader = false, TrackLineNumbers = true };
        using var parser = CsvReader.Create(reader, options, leaveOpen: true);
        if (!parser.Read())
        {
            throw new InputException(InputProblem.General(CatalogKinds.EmptyCsv.With(Name, ColumnNames)));
        }
        var header = Fields(parser);
        var positions = HeaderPositions(header);
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        while (parser.Read())
        {
            var record = Fields(parser);
            var rowNumber = (int)parser.LineNumber;
            var (row, rowProblems) = ParseRow(record, header.Length, positions, formProblems);
            if (rowProblems.Count == 0)
            {
                var key = CatalogMatch<TRow>.Normalize(_key(row));
                if (keys.TryGetValue(key, out var first))
                {
                    rowProblems.Add(Describe(null, KeyColumn, _key(row), $"duplicates row {first}"));
                }
                else
                {
                    keys.Add(key, rowNumber);
                    rows.Add((rowNumber, row));
                }
            }
            if (rowProblems.Count > 0)
            {
                problems[rowNumber] = Prefix(withRowNumbers ? rowNumber : null) + string.Join("; ", rowProblems);
            }
        }
        return new ParsedCsv(rows, problems, formProblems);
    }

    private string ColumnNames => string.Join(", ", TypedColumns.Select(c => c.Name));

    /// <summary>Each known column's position in the header; unknown, repeated or missing required columns stop the import.</summary>
    private Dictionary<string, int> HeaderPositions(string[] header)
    {
        var headerProblems = new List<string>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim();
            if (TypedColumns.All(c => c.Name != name))
            {
                headerProblems.Add($"{Name}: header column '{name}' is not a column of this catalog (columns: {ColumnNames})");
            }
            else if (!positions.TryAdd(name, i))
            {
                headerProblems.Add($"{Name}: header names column '{name}' twice");
            }
        }
        var absent = TypedColumns.Where(c => c.Required && !positions.ContainsKey(c.Name)).Select(c => c.Name).ToArray();
        if (absent.Length > 0)
        {
            headerProblems.Add($"{Name}: header lacks the required column{(absent.Length == 1 ? "" : "s")} {string.Join(", ", absent)} (columns: {ColumnNames})");
        }
        InputException.ThrowIfAny(headerProblems);
        return positions;
    }

    /// <summary>One data row typed column by column, with every problem it has.</summary>
    private (TRow Row, List<string> Problems) ParseRow(string[] record, int headerLength, Dictionary<string, int> positions, List<InputProblem> formProblems)
    {
        var row = new TRow();
        var rowProblems = new List<string>();
        var missing = new List<string>();
        foreach (var column in TypedColumns)
        {
            if (!positions.TryGetValue(column.Name, out var position))
            {
                column.TryParse(row, "");
            }
            else if (position >= record.Length)
            {
                missing.Add(column.Name);
            }
            else if (!column.TryParse(row, record[position]))
            {
                rowProblems.Add(Describe(null, column.Name, record[position], column.Rule.ToString()));
                formProblems.Add(FormProblem(column.Name, record[position], column.Rule));
            }
        }
        if (missing.Count > 0)
        {
            rowProblems.Add($"column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}: missing (the row has {record.Length} fields, the header {headerLength})");
            formProblems.AddRange(missing.Select(m => FormProblem(m, "", TypedColumns.First(c => c.Name == m).Rule)));
        }
        if (record.Length > headerLength)
        {
            rowProblems.Add($"{record.Length} fields, the header has {headerLength}");
            formProblems.Add(InputProblem.General(rowProblems[^1]));
        }
        return (row, rowProblems);
    }

    private static string[] Fields(CsvReader parser)
    {
        var fields = new string[parser.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = CsvCells.Restore(parser.GetString(i)); // an exported cell neutralised against formula injection reads back as it was
        }
        return fields;
    }

    private static string Describe(int? row, string column, string? value, string rule) =>
        value is null ? $"{Prefix(row)}column {column}: {rule}" : $"{Prefix(row)}column {column}, value '{Shown(value)}': {rule}";

    /// <summary>A value as an error line quotes it: whole up to 60 characters, else its start and its length.</summary>
    private static string Shown(string value) =>
        value.Length <= 60 ? value : $"{value[..40]}… ({value.Length.ToString("N0", CultureInfo.InvariantCulture)} characters)";

    /// <summary>
    /// A problem worded for the row editor's form, under its field, as the scenario editor words its own: the column in
    /// words with its unit, the allowed range, and what was typed ("Price per GPU-hour (USD) must be a number &gt;= 0 (got 'abc')").
    /// </summary>
    private InputProblem FormProblem(string column, string value, Phrase rule)
    {
        var label = TypedColumns.First(c => c.Name == column).LabelWording.With();
        return InputProblem.Worded(column, value.Trim().Length == 0 ? CatalogKinds.FormEmpty.With(label, rule) : CatalogKinds.FormGot.With(label, rule, value.Trim()));
    }

    private static string Prefix(int? row) => row is { } n ? $"row {n.ToString(CultureInfo.InvariantCulture)}, " : "";

    private static bool IsClose(string candidate, string wanted) =>
        candidate.Split(' ').Intersect(wanted.Split(' ')).Any(token => token.Length >= 3)
        || (wanted.Length >= 3 && candidate.Contains(wanted, StringComparison.Ordinal))
        || (candidate.Length >= 3 && wanted.Contains(candidate, StringComparison.Ordinal))
        || EditDistance(candidate, wanted) <= Math.Max(1, wanted.Length / 5);

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private sealed record ParsedCsv(List<(int Row, TRow Value)> Rows, SortedDictionary<int, string> Problems, List<InputProblem> FormProblems);
}
