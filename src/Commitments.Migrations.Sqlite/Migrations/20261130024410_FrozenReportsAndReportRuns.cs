using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Commitments.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FrozenReportsAndReportRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FrozenByName",
                table: "AnnualReports",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FrozenByUserId",
                table: "AnnualReports",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReportRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportingCycleId = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Percent = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportRuns_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReportRuns_Regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "Regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReportRuns_ReportingCycles_ReportingCycleId",
                        column: x => x.ReportingCycleId,
                        principalTable: "ReportingCycles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportRuns_OrganizationId",
                table: "ReportRuns",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportRuns_RegionId",
                table: "ReportRuns",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportRuns_ReportingCycleId",
                table: "ReportRuns",
                column: "ReportingCycleId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportRuns_RequestedAt",
                table: "ReportRuns",
                column: "RequestedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReportRuns_RequestedByUserId_Id",
                table: "ReportRuns",
                columns: new[] { "RequestedByUserId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportRuns");

            migrationBuilder.DropColumn(
                name: "FrozenByName",
                table: "AnnualReports");

            migrationBuilder.DropColumn(
                name: "FrozenByUserId",
                table: "AnnualReports");
        }
    }
}
