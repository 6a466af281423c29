using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planner.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddProjectionFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "AttentionParametersPerLayer",
                table: "CatalogModelShapes",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DenseIntermediateSize",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "DenseLayers",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "KvLoraRank",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RopeHeadDim",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SharedExperts",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SlidingWindow",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SlidingWindowLayers",
                table: "CatalogModelShapes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Fp4DenseTflops",
                table: "CatalogGpus",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Int8DenseTops",
                table: "CatalogGpus",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Interconnect",
                table: "CatalogGpus",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "InterconnectGbPerS",
                table: "CatalogGpus",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AttentionParametersPerLayer",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "DenseIntermediateSize",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "DenseLayers",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "KvLoraRank",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "RopeHeadDim",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "SharedExperts",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "SlidingWindow",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "SlidingWindowLayers",
                table: "CatalogModelShapes");

            migrationBuilder.DropColumn(
                name: "Fp4DenseTflops",
                table: "CatalogGpus");

            migrationBuilder.DropColumn(
                name: "Int8DenseTops",
                table: "CatalogGpus");

            migrationBuilder.DropColumn(
                name: "Interconnect",
                table: "CatalogGpus");

            migrationBuilder.DropColumn(
                name: "InterconnectGbPerS",
                table: "CatalogGpus");
        }
    }
}
