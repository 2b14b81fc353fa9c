using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class LaunchDarklySync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LaunchDarklyConnections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SyncIntervalMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    ProtectedApiToken = table.Column<string>(type: "TEXT", nullable: true),
                    ApiTokenUpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSyncStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSyncFinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastSyncSucceeded = table.Column<bool>(type: "INTEGER", nullable: true),
                    LastSyncSummary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LaunchDarklyConnections", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LaunchDarklyConnections");
        }
    }
}
