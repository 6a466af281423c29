using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Planner.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddApiTokenClasses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "BatchDiscount",
                table: "CatalogApiPrices",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "CachedInputPerMillionUsd",
                table: "CatalogApiPrices",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BatchDiscount",
                table: "CatalogApiPrices");

            migrationBuilder.DropColumn(
                name: "CachedInputPerMillionUsd",
                table: "CatalogApiPrices");
        }
    }
}
