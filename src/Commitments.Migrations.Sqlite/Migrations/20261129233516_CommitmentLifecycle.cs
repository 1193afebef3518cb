using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Commitments.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CommitmentLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Reviews",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeactivatedAt",
                table: "Organizations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ApprovedAt",
                table: "Commitments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApprovedContent",
                table: "Commitments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ApprovedRevision",
                table: "Commitments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactEmail",
                table: "Commitments",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactName",
                table: "Commitments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "LeadSharePercent",
                table: "Commitments",
                type: "TEXT",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 100m);

            migrationBuilder.AddColumn<string>(
                name: "ReturnComment",
                table: "Commitments",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Commitments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "WithdrawalReason",
                table: "Commitments",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WithdrawnAt",
                table: "Commitments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RespondedAt",
                table: "CommitmentCoPartner",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Response",
                table: "CommitmentCoPartner",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.AddColumn<decimal>(
                name: "SharePercent",
                table: "CommitmentCoPartner",
                type: "TEXT",
                precision: 5,
                scale: 2,
                nullable: false,
                defaultValue: 0m);

            migrationBuilder.AddColumn<DateTime>(
                name: "DeactivatedAt",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            // Commitments approved before revisions existed: their current content is revision 1, approved.
            migrationBuilder.Sql("UPDATE \"Commitments\" SET \"ApprovedRevision\" = 1, \"ApprovedAt\" = \"UpdatedAt\" WHERE \"Status\" = 'Approved'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Reviews");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ApprovedAt",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "ApprovedContent",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "ApprovedRevision",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "ContactEmail",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "ContactName",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "LeadSharePercent",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "ReturnComment",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "WithdrawalReason",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "Commitments");

            migrationBuilder.DropColumn(
                name: "RespondedAt",
                table: "CommitmentCoPartner");

            migrationBuilder.DropColumn(
                name: "Response",
                table: "CommitmentCoPartner");

            migrationBuilder.DropColumn(
                name: "SharePercent",
                table: "CommitmentCoPartner");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "AspNetUsers");
        }
    }
}
