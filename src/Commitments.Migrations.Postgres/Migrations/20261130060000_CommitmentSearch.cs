using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Commitments.Migrations.Postgres.Migrations
{
    /// <summary>
    /// The list's text search (ADR-0023): pg_trgm GIN indexes on the commitments' titles and the
    /// organisations' names, which serve ILIKE '%…%' (case-insensitive substring). pg_trgm is a
    /// trusted extension: the database's owner may create it. The model does not change, so this
    /// migration has no target model of its own.
    /// </summary>
    [DbContext(typeof(CommitmentsDbContext))]
    [Migration("20261130060000_CommitmentSearch")]
    public partial class CommitmentSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE EXTENSION IF NOT EXISTS pg_trgm;""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Commitments_Title_Trigram" ON "Commitments" USING gin ("Title" gin_trgm_ops);""");
            migrationBuilder.Sql("""CREATE INDEX "IX_Organizations_Name_Trigram" ON "Organizations" USING gin ("Name" gin_trgm_ops);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Organizations_Name_Trigram";""");
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Commitments_Title_Trigram";""");
        }
    }
}
