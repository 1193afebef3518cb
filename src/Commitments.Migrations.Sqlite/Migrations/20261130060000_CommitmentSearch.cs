using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Commitments.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The list's text search (ADR-0023): FTS5 trigram indexes over the commitments' titles and the
    /// organisations' names, as external-content tables (the text stays in its own table) kept in
    /// step by triggers. The model does not change, so this migration has no target model of its own.
    /// A later migration that rebuilds "Commitments" or "Organizations" drops their triggers: it must
    /// create them again and rebuild the index (see ADR-0023).
    /// </summary>
    [DbContext(typeof(CommitmentsDbContext))]
    [Migration("20261130060000_CommitmentSearch")]
    public partial class CommitmentSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            Index(migrationBuilder, "CommitmentTitleSearch", "Commitments", "Title");
            Index(migrationBuilder, "OrganizationNameSearch", "Organizations", "Name");
        }

        /// <summary>The trigram index of one column, its three triggers, and its first filling.</summary>
        private static void Index(MigrationBuilder m, string index, string table, string column)
        {
            m.Sql($"""CREATE VIRTUAL TABLE "{index}" USING fts5("{column}", content='{table}', content_rowid='Id', tokenize='trigram');""");
            m.Sql($"""
                CREATE TRIGGER "{index}_Insert" AFTER INSERT ON "{table}" BEGIN
                    INSERT INTO "{index}"(rowid, "{column}") VALUES (new."Id", new."{column}");
                END;
                """);
            m.Sql($"""
                CREATE TRIGGER "{index}_Delete" AFTER DELETE ON "{table}" BEGIN
                    INSERT INTO "{index}"("{index}", rowid, "{column}") VALUES ('delete', old."Id", old."{column}");
                END;
                """);
            m.Sql($"""
                CREATE TRIGGER "{index}_Update" AFTER UPDATE OF "{column}" ON "{table}" BEGIN
                    INSERT INTO "{index}"("{index}", rowid, "{column}") VALUES ('delete', old."Id", old."{column}");
                    INSERT INTO "{index}"(rowid, "{column}") VALUES (new."Id", new."{column}");
                END;
                """);
            m.Sql($"""INSERT INTO "{index}"("{index}") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var index in new[] { "CommitmentTitleSearch", "OrganizationNameSearch" })
            {
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{index}_Insert";""");
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{index}_Delete";""");
                migrationBuilder.Sql($"""DROP TRIGGER IF EXISTS "{index}_Update";""");
                migrationBuilder.Sql($"""DROP TABLE IF EXISTS "{index}";""");
            }
        }
    }
}
