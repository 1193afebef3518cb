using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Commitments.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NotReportedOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_RegionId",
                table: "Organizations");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_RegionId_Name",
                table: "Organizations",
                columns: new[] { "RegionId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_Commitments_OrganizationId_Title",
                table: "Commitments",
                columns: new[] { "OrganizationId", "Title" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_Name",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_RegionId_Name",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Commitments_OrganizationId_Title",
                table: "Commitments");

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_RegionId",
                table: "Organizations",
                column: "RegionId");
        }
    }
}
