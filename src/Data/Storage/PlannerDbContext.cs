using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Planner.Data.Entities;

namespace Planner.Data.Storage;

/// <summary>
/// The Planner store: scenarios with their history, benchmark runs, the sourced catalogs, and the accounts (ASP.NET Core
/// Identity's tables), API tokens and audit log in the same database (ADR 010). Its migrations (src/Data/Migrations)
/// are SQLite's; PostgreSQL stores use <see cref="PostgresPlannerDbContext"/>, the same model with its own migration set
/// (docs/decisions/050-postgresql-migrations.md).
/// </summary>
public class PlannerDbContext(DbContextOptions<PlannerDbContext> options) : IdentityDbContext<PlannerUser>(options)
{
    /// <summary>The roles exist in every store (fixed ids, so the migration and EnsureCreated agree).</summary>
    private static readonly IdentityRole[] SeedRoles =
    [
        new() { Id = "role-viewer", Name = Accounts.PlannerRoles.Viewer, NormalizedName = "VIEWER", ConcurrencyStamp = "role-viewer" },
        new() { Id = "role-editor", Name = Accounts.PlannerRoles.Editor, NormalizedName = "EDITOR", ConcurrencyStamp = "role-editor" },
        new() { Id = "role-admin", Name = Accounts.PlannerRoles.Admin, NormalizedName = "ADMIN", ConcurrencyStamp = "role-admin" },
    ];

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<StoredScenario> Scenarios => Set<StoredScenario>();

    public DbSet<ScenarioVersion> ScenarioVersions => Set<ScenarioVersion>();

    public DbSet<StoredBenchmarkRun> BenchmarkRuns => Set<StoredBenchmarkRun>();

    public DbSet<StoredBenchmarkResult> BenchmarkResults => Set<StoredBenchmarkResult>();

    public DbSet<CatalogGpu> Gpus => Set<CatalogGpu>();

    public DbSet<CloudOffer> CloudOffers => Set<CloudOffer>();

    public DbSet<ApiPrice> ApiPrices => Set<ApiPrice>();

    public DbSet<CostDefault> CostDefaults => Set<CostDefault>();

    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    public DbSet<CatalogModelShape> ModelShapes => Set<CatalogModelShape>();

    /// <summary>Timestamps are stored as UTC; reading them back marks them UTC (SQLite keeps no kind).</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<IdentityRole>().HasData(SeedRoles);
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("ApiTokens");
            e.HasKey(t => t.Id);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.Property(t => t.Prefix).HasMaxLength(32);
            e.Property(t => t.Scope).HasMaxLength(16);
            e.Property(t => t.Label).HasMaxLength(100);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne<PlannerUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditLog");
            e.HasKey(a => a.Id);
            e.Property(a => a.User).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Target).HasMaxLength(256);
            e.HasIndex(a => a.At);
        });
        modelBuilder.Entity<StoredScenario>(e =>
        {
            e.ToTable("Scenarios");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).HasMaxLength(64);
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasIndex(s => s.Name);
            e.HasMany(s => s.Versions).WithOne().HasForeignKey(v => v.ScenarioId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ScenarioVersion>(e =>
        {
            e.ToTable("ScenarioVersions");
            e.HasKey(v => new { v.ScenarioId, v.Version });
        });

        modelBuilder.Entity<StoredBenchmarkRun>(e =>
        {
            e.ToTable("BenchmarkRuns");
            e.HasKey(r => r.RunId);
            e.HasIndex(r => r.StartedAt);
            e.HasMany(r => r.Results).WithOne().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<StoredBenchmarkResult>(e =>
        {
            e.ToTable("BenchmarkResults");
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.RunId, r.Index }).IsUnique();
            e.HasIndex(r => r.Model);
            e.HasIndex(r => r.Device);
        });

        modelBuilder.Entity<CatalogGpu>(e =>
        {
            e.ToTable("CatalogGpus");
            e.HasKey(g => g.Name);
        });
        modelBuilder.Entity<CloudOffer>(e =>
        {
            e.ToTable("CatalogCloudOffers");
            e.HasKey(o => o.Id);
            e.Property(o => o.PricingKind).HasConversion<string>().HasMaxLength(16);
        });
        modelBuilder.Entity<ApiPrice>(e =>
        {
            e.ToTable("CatalogApiPrices");
            e.HasKey(p => new { p.Vendor, p.Model });
            e.Ignore(p => p.Key);
        });
        modelBuilder.Entity<ApiPrice>().Property(p => p.Currency).HasDefaultValue("USD");
        modelBuilder.Entity<ExchangeRate>(e =>
        {
            e.ToTable("CatalogExchangeRates");
            e.HasKey(r => new { r.From, r.To });
            e.Ignore(r => r.Key);
        });
        modelBuilder.Entity<CostDefault>(e =>
        {
            e.ToTable("CatalogCostDefaults");
            e.HasKey(d => d.Key);
        });
        modelBuilder.Entity<CatalogModelShape>(e =>
        {
            e.ToTable("CatalogModelShapes");
            e.HasKey(m => m.Name);
        });
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
