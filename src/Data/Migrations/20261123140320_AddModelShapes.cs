using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planner.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddModelShapes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CatalogModelShapes",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Parameters = table.Column<double>(type: "REAL", nullable: false),
                    ActiveParameters = table.Column<double>(type: "REAL", nullable: false),
                    Layers = table.Column<int>(type: "INTEGER", nullable: false),
                    HiddenSize = table.Column<int>(type: "INTEGER", nullable: false),
                    Heads = table.Column<int>(type: "INTEGER", nullable: false),
                    KvHeads = table.Column<int>(type: "INTEGER", nullable: false),
                    HeadDim = table.Column<int>(type: "INTEGER", nullable: false),
                    Vocabulary = table.Column<int>(type: "INTEGER", nullable: false),
                    ContextLength = table.Column<int>(type: "INTEGER", nullable: false),
                    IntermediateSize = table.Column<int>(type: "INTEGER", nullable: false),
                    GatedMlp = table.Column<bool>(type: "INTEGER", nullable: false),
                    Experts = table.Column<int>(type: "INTEGER", nullable: false),
                    ActiveExperts = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", nullable: true),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogModelShapes", x => x.Name);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CatalogModelShapes");
        }
    }
}
