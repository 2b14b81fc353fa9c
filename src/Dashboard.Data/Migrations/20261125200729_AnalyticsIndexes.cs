using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EvaluationRollups_FlagId_HourStart",
                table: "EvaluationRollups");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRollups_Adoption",
                table: "EvaluationRollups",
                columns: new[] { "FlagId", "HourStart", "VariationIndex", "ApiVersionStatus", "ApiVersionSortKey", "ApiVersion", "Count" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EvaluationRollups_Adoption",
                table: "EvaluationRollups");

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRollups_FlagId_HourStart",
                table: "EvaluationRollups",
                columns: new[] { "FlagId", "HourStart" });
        }
    }
}
