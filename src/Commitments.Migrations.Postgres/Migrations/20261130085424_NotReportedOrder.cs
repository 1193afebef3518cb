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
            migrationBuilder.CreateIndex(
                name: "IX_Organizations_Name",
                table: "Organizations",
                column: "Name");

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
                name: "IX_Commitments_OrganizationId_Title",
                table: "Commitments");
        }
    }
}
