using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Planner.Data.Storage;
using Planner.Data.Storage.CompiledModel;

namespace Planner.Data.IntegrationTests;

/// <summary>
/// The checked-in compiled model (src/Data/Storage/CompiledModel) against the model PlannerDbContext builds from
/// OnModelCreating: any difference means the compiled model is stale (docs/data.md, "Compiled model").
/// </summary>
public sealed class CompiledModelTests : IDisposable
{
    private const string Regenerate = "the compiled model is stale: run scripts/regen-compiled-model.sh";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Sqlite_contexts_use_the_compiled_model()
    {
        await using var db = TempStore.Context(_folder.File("compiled.db"));

        Assert.IsType<PlannerDbContextModel>(db.Model);
    }

    [Fact]
    public async Task Compiled_model_has_the_same_tables_columns_keys_and_indexes_as_the_context()
    {
        await using var db = TempStore.Context(_folder.File("compiled.db"));
        var compiled = DescribeTables(db.Model.GetRelationalModel());
        var built = db.GetService<IDesignTimeModel>().Model;
        Assert.IsNotType<PlannerDbContextModel>(built);
        var expected = DescribeTables(built.GetRelationalModel());

        // (The migrations differ cannot read a compiled model: it keeps only what queries and updates need.)
        Assert.NotEmpty(expected);
        Assert.True(compiled.SequenceEqual(expected),
            $"{Regenerate}: only in the context's model: {string.Join(" | ", expected.Except(compiled))}; only in the compiled model: {string.Join(" | ", compiled.Except(expected))}");
    }

    [Fact]
    public async Task Compiled_model_maps_the_same_properties_converters_and_relationships_as_the_context()
    {
        await using var db = TempStore.Context(_folder.File("compiled.db"));
        var compiled = Describe(db.Model);
        var built = Describe(db.GetService<IDesignTimeModel>().Model);

        Assert.NotEmpty(built);
        Assert.True(compiled.SequenceEqual(built),
            $"{Regenerate}: only in the context's model: {string.Join(" | ", built.Except(compiled))}; only in the compiled model: {string.Join(" | ", compiled.Except(built))}");
    }

    [Fact]
    public void PostgreSql_contexts_build_their_own_model_with_its_value_generation()
    {
        var builder = new DbContextOptionsBuilder<PlannerDbContext>();
        DataLocation.Parse("Host=localhost;Database=planner").Configure(builder);
        using var db = new PlannerDbContext(builder.Options);

        Assert.IsNotType<PlannerDbContextModel>(db.Model);
        var claimId = db.Model.FindEntityType(typeof(Microsoft.AspNetCore.Identity.IdentityUserClaim<string>))!.FindProperty("Id")!;
        Assert.NotNull(claimId.FindAnnotation("Npgsql:ValueGenerationStrategy"));
    }

    /// <summary>What the runtime uses of each entity type, one line per fact, in a stable order.</summary>
    private static List<string> Describe(IModel model)
    {
        var lines = new List<string>();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var prefix = $"{entity.Name} ({entity.ClrType.Name}, table {entity.GetTableName()})";
            lines.Add(prefix);
            foreach (var property in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                lines.Add($"{prefix} property {property.Name}: {property.ClrType.Name}, nullable {property.IsNullable}, "
                    + $"max length {property.GetMaxLength()}, concurrency {property.IsConcurrencyToken}, generated {property.ValueGenerated}, "
                    + $"converter {property.GetValueConverter()?.GetType().Name}, member {property.PropertyInfo?.Name ?? property.FieldInfo?.Name}");
            }
            foreach (var key in entity.GetKeys())
            {
                lines.Add($"{prefix} key ({Names(key.Properties)}), primary {key.IsPrimaryKey()}");
            }
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                lines.Add($"{prefix} foreign key ({Names(foreignKey.Properties)}) -> {foreignKey.PrincipalEntityType.Name}, "
                    + $"{foreignKey.DeleteBehavior}, unique {foreignKey.IsUnique}, required {foreignKey.IsRequired}, "
                    + $"navigations {foreignKey.DependentToPrincipal?.Name}/{foreignKey.PrincipalToDependent?.Name}");
            }
            foreach (var index in entity.GetIndexes())
            {
                lines.Add($"{prefix} index ({Names(index.Properties)}), unique {index.IsUnique}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The database side: tables, columns with their store types, keys, foreign keys and indexes.</summary>
    private static List<string> DescribeTables(IRelationalModel model)
    {
        var lines = new List<string>();
        foreach (var table in model.Tables)
        {
            lines.Add($"table {table.Name}");
            lines.AddRange(table.Columns.Select(c =>
                $"table {table.Name} column {c.Name}: {c.StoreType}, nullable {c.IsNullable}, default {c.DefaultValue ?? c.DefaultValueSql}"));
            if (table.PrimaryKey is { } primaryKey)
            {
                lines.Add($"table {table.Name} primary key {primaryKey.Name} ({Columns(primaryKey.Columns)})");
            }
            lines.AddRange(table.UniqueConstraints.Select(u => $"table {table.Name} unique {u.Name} ({Columns(u.Columns)})"));
            lines.AddRange(table.ForeignKeyConstraints.Select(f =>
                $"table {table.Name} foreign key {f.Name} ({Columns(f.Columns)}) -> {f.PrincipalTable.Name} ({Columns(f.PrincipalColumns)}), on delete {f.OnDeleteAction}"));
            lines.AddRange(table.Indexes.Select(i => $"table {table.Name} index {i.Name} ({Columns(i.Columns)}), unique {i.IsUnique}, filter {i.Filter}"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static string Columns(IEnumerable<IColumn> columns) => string.Join(", ", columns.Select(c => c.Name));

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(", ", properties.Select(p => p.Name));
}
