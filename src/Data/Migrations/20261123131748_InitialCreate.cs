using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planner.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BenchmarkRuns",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "TEXT", nullable: false),
                    SchemaVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Profile = table.Column<string>(type: "TEXT", nullable: false),
                    Partial = table.Column<bool>(type: "INTEGER", nullable: false),
                    Device = table.Column<string>(type: "TEXT", nullable: false),
                    CpuModel = table.Column<string>(type: "TEXT", nullable: false),
                    GpuName = table.Column<string>(type: "TEXT", nullable: true),
                    FingerprintId = table.Column<string>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenchmarkRuns", x => x.RunId);
                });

            migrationBuilder.CreateTable(
                name: "CatalogApiPrices",
                columns: table => new
                {
                    Vendor = table.Column<string>(type: "TEXT", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    InputPerMillionUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    OutputPerMillionUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    ContextWindowTokens = table.Column<int>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogApiPrices", x => new { x.Vendor, x.Model });
                });

            migrationBuilder.CreateTable(
                name: "CatalogCloudOffers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", nullable: false),
                    Instance = table.Column<string>(type: "TEXT", nullable: false),
                    Gpu = table.Column<string>(type: "TEXT", nullable: false),
                    GpusPerInstance = table.Column<int>(type: "INTEGER", nullable: false),
                    PricePerGpuHourUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    PricingKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Region = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogCloudOffers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CatalogCostDefaults",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogCostDefaults", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "CatalogGpus",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Vendor = table.Column<string>(type: "TEXT", nullable: false),
                    Bf16DenseTflops = table.Column<double>(type: "REAL", nullable: false),
                    Fp8DenseTflops = table.Column<double>(type: "REAL", nullable: true),
                    MemoryGb = table.Column<double>(type: "REAL", nullable: false),
                    BandwidthGbPerS = table.Column<double>(type: "REAL", nullable: false),
                    TdpW = table.Column<double>(type: "REAL", nullable: false),
                    PurchasePriceUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogGpus", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Scenarios",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    Owner = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Scenarios", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BenchmarkResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<string>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    Preset = table.Column<string>(type: "TEXT", nullable: false),
                    Precision = table.Column<string>(type: "TEXT", nullable: false),
                    Task = table.Column<string>(type: "TEXT", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", nullable: true),
                    BatchSize = table.Column<int>(type: "INTEGER", nullable: false),
                    SequenceLength = table.Column<int>(type: "INTEGER", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", nullable: false),
                    ThroughputValue = table.Column<double>(type: "REAL", nullable: false),
                    ThroughputUnit = table.Column<string>(type: "TEXT", nullable: false),
                    LatencyMeanMs = table.Column<double>(type: "REAL", nullable: false),
                    LatencyP50Ms = table.Column<double>(type: "REAL", nullable: false),
                    LatencyP95Ms = table.Column<double>(type: "REAL", nullable: false),
                    LatencyP99Ms = table.Column<double>(type: "REAL", nullable: false),
                    Valid = table.Column<bool>(type: "INTEGER", nullable: false),
                    InvalidReason = table.Column<string>(type: "TEXT", nullable: true),
                    Device = table.Column<string>(type: "TEXT", nullable: false),
                    FingerprintId = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BenchmarkResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BenchmarkResults_BenchmarkRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "BenchmarkRuns",
                        principalColumn: "RunId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScenarioVersions",
                columns: table => new
                {
                    ScenarioId = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    SavedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScenarioVersions", x => new { x.ScenarioId, x.Version });
                    table.ForeignKey(
                        name: "FK_ScenarioVersions_Scenarios_ScenarioId",
                        column: x => x.ScenarioId,
                        principalTable: "Scenarios",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BenchmarkResults_Device",
                table: "BenchmarkResults",
                column: "Device");

            migrationBuilder.CreateIndex(
                name: "IX_BenchmarkResults_Model",
                table: "BenchmarkResults",
                column: "Model");

            migrationBuilder.CreateIndex(
                name: "IX_BenchmarkResults_RunId_Index",
                table: "BenchmarkResults",
                columns: new[] { "RunId", "Index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BenchmarkRuns_StartedAt",
                table: "BenchmarkRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Scenarios_Name",
                table: "Scenarios",
                column: "Name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BenchmarkResults");

            migrationBuilder.DropTable(
                name: "CatalogApiPrices");

            migrationBuilder.DropTable(
                name: "CatalogCloudOffers");

            migrationBuilder.DropTable(
                name: "CatalogCostDefaults");

            migrationBuilder.DropTable(
                name: "CatalogGpus");

            migrationBuilder.DropTable(
                name: "ScenarioVersions");

            migrationBuilder.DropTable(
                name: "BenchmarkRuns");

            migrationBuilder.DropTable(
                name: "Scenarios");
        }
    }
}
