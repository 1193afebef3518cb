using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Commitments.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PerformanceIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ProgressUpdates_Status_SubmittedAt",
                table: "ProgressUpdates",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Commitments_Status_Title_Id",
                table: "Commitments",
                columns: new[] { "Status", "Title", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ProgressUpdates_Status_SubmittedAt",
                table: "ProgressUpdates");

            migrationBuilder.DropIndex(
                name: "IX_Commitments_Status_Title_Id",
                table: "Commitments");
        }
    }
}
