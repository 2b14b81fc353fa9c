using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <summary>
    /// Campaign audiences may name the consumers picked on a plan page (<c>Audience.ConsumerKeys</c>, a JSON property):
    /// no schema change, but existing audiences get an empty list so every stored row has the property.
    /// </summary>
    public partial class CampaignAudienceConsumerKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "UPDATE \"Campaigns\" SET \"Audience\" = json_set(\"Audience\", '$.ConsumerKeys', json('[]')) WHERE json_type(\"Audience\", '$.ConsumerKeys') IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE \"Campaigns\" SET \"Audience\" = json_remove(\"Audience\", '$.ConsumerKeys');");
        }
    }
}
