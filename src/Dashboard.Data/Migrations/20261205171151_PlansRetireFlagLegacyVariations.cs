using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <summary>
    /// A plan's retired behaviour becomes its flag's legacy variations (one definition): every variation a live or
    /// finished plan retired is marked legacy on its flag before the plan's own list is dropped. Cancelled plans retire
    /// nothing, so their lists are not carried over.
    /// </summary>
    public partial class PlansRetireFlagLegacyVariations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                UPDATE FlagVariations SET IsLegacy = 1
                WHERE IsLegacy = 0 AND EXISTS (
                    SELECT 1 FROM DeprecationPlans p, json_each(p.RetiredVariations) retired
                    WHERE p.FlagId = FlagVariations.FlagId AND p.Status <> 'Cancelled' AND retired.value = FlagVariations."Index");
                """);

            migrationBuilder.DropColumn(
                name: "RetiredVariations",
                table: "DeprecationPlans");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RetiredVariations",
                table: "DeprecationPlans",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.Sql(
                """
                UPDATE DeprecationPlans SET RetiredVariations = COALESCE(
                    (SELECT json_group_array(v."Index") FROM FlagVariations v WHERE v.FlagId = DeprecationPlans.FlagId AND v.IsLegacy = 1), '[]');
                """);
        }
    }
}
