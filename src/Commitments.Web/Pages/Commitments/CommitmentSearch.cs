using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// The list's search: commitments whose title or lead partner's name contains the words as typed,
/// whatever the case (ADR-0023). It reads through an index on both providers: on SQLite the FTS5
/// trigram tables CommitmentTitleSearch and OrganizationNameSearch (kept in step by triggers), on
/// PostgreSQL pg_trgm GIN indexes on the title and the name. The result is composed on
/// <c>db.Commitments</c>, so the DbContext's tenancy filter still applies (ADR-0002, ADR-0021).
/// </summary>
public static class CommitmentSearch
{
    /// <summary>Nothing longer can be part of a title or an organisation's name.</summary>
    private static readonly int LongestText = Math.Max(Commitment.TitleMaxLength, 200);

    /// <summary>
    /// The commitments (as the user's scope lets it see them, not tracked) that match <paramref name="text"/>,
    /// trimmed; an empty text matches all. Further filters and the order compose on the result.
    /// </summary>
    /// <param name="few">
    /// Null: not known yet (the count). True: the caller knows the matches are few (it counted them). On PostgreSQL the matches are then read
    /// through the indexes first and only they are sorted: otherwise the planner, asked for the first
    /// 50 in title order, walks the title index testing each row and for a rare word reads thousands
    /// (104 ms against 2 ms, docs/performance.md). <c>OFFSET 0</c> keeps the match a query of its own.
    /// False: they are many. On SQLite the match is then only tested, row by row, while the (Title, Id)
    /// index is walked in the list's order until the page is full: reading all 9,250 matches of a common
    /// word through the trigram tables and sorting them took 88 ms (docs/performance.md).
    /// </param>
    public static IQueryable<Commitment> Matching(CommitmentsDbContext db, string? text, bool? few = null)
    {
        var term = text?.Trim() ?? "";
        var query = db.Commitments.AsNoTracking();
        if (term.Length == 0)
        {
            // A partner's whole list on PostgreSQL: its rows read as bitmaps (as below) instead of the title
            // index walked past 19,977 rows of others to fill the page (52 ms against 1.3; docs/performance.md).
            // OFFSET 0 keeps it a query of its own. The DbContext's filter still applies on top.
            return db.Database.IsNpgsql() && db.Scope is { Kind: DataScopeKind.Organization, OrganizationId: { } own }
                ? db.Commitments.FromSql($"""
                    SELECT * FROM "Commitments"
                    WHERE ("OrganizationId" = {own}
                           OR "Id" = ANY (ARRAY(SELECT "CommitmentId" FROM "CommitmentCoPartner" WHERE "OrganizationId" = {own})))
                    OFFSET 0
                    """).AsNoTracking()
                : query;
        }
        // No stored title or name can contain these, and PostgreSQL refuses a NUL in a parameter:
        // answer "nothing found" instead of asking the database.
        if (term.Length > LongestText || term.Contains('\0'))
        {
            return query.Where(c => false);
        }

        if (db.Database.IsNpgsql())
        {
            // ILIKE, with the pattern's own wildcards escaped, is served by the trigram indexes. The
            // organisations' ids are read once (ARRAY(…) is an init plan), so that PostgreSQL can
            // answer "title matches OR organisation matches" with a BitmapOr of the title's trigram
            // index and the organisation index, or read a partner's few rows and test them, as it
            // costs best. A UNION of the two sides read all matches even for a partner (measured).
            var pattern = "%" + EscapeLike(term) + "%";
            // The statement is put together from constant parts only (hence EF1003 is silenced below);
            // the text and the organisation are parameters ({0}, {1}).
#pragma warning disable EF1003
            var matches = """
                SELECT * FROM "Commitments"
                WHERE ("Title" ILIKE {0} ESCAPE '\'
                       OR "OrganizationId" = ANY (ARRAY(SELECT "Id" FROM "Organizations" WHERE "Name" ILIKE {0} ESCAPE '\')))
                """;
            var fence = few == true ? "\nOFFSET 0" : "";
            if (db.Scope is { Kind: DataScopeKind.Organization, OrganizationId: { } organization })
            {
                // A partner sees a few dozen commitments, but the DbContext's tenancy filter reaches
                // PostgreSQL as "own OR hashed subplan", which no index answers: for a common word the
                // planner read all 9,250 matches through the trigram index to keep 7 (54 ms for the
                // count, 53 for the page under load). The same rule written so that it can be a bitmap
                // (the co-partnerships as ARRAY(…), an init plan) lets PostgreSQL read the partner's
                // own rows and test only those (6 and 3 ms; rare words and names no slower;
                // docs/performance.md). It only narrows: the DbContext's filter still applies on top,
                // so the search can never show more than the filter allows.
                return db.Commitments.FromSqlRaw(matches + """

                      AND ("OrganizationId" = {1}
                           OR "Id" = ANY (ARRAY(SELECT "CommitmentId" FROM "CommitmentCoPartner" WHERE "OrganizationId" = {1})))
                    """ + fence, pattern, organization).AsNoTracking();
            }
            if (db.Scope is { Kind: DataScopeKind.Region, RegionId: { } region })
            {
                // A lead: the same narrowing to the landsdeel's organisations, so that PostgreSQL tests the
                // landsdeel's rows (a fifth) instead of every match: a common word's page 109 → 29 ms.
                return db.Commitments.FromSqlRaw(matches + """

                      AND "OrganizationId" = ANY (ARRAY(SELECT "Id" FROM "Organizations" WHERE "RegionId" = {1}))
                    """ + fence, pattern, region).AsNoTracking();
            }
            return db.Commitments.FromSqlRaw(matches + fence, pattern).AsNoTracking();
#pragma warning restore EF1003
        }

        // The trigram tokenizer finds substrings of three characters or more; a shorter term is
        // looked up with LIKE over the rows (no index can narrow one or two letters much anyway).
        if (term.EnumerateRunes().Count() < 3)
        {
            var pattern = "%" + EscapeLike(term) + "%";
            return query.Where(c => EF.Functions.Like(c.Title, pattern, "\\") || EF.Functions.Like(c.Organization!.Name, pattern, "\\"));
        }
        // One FTS5 phrase: between double quotes every character is literal (NEAR, *, -, AND, ^ …)
        // except the double quote itself, which is doubled.
        var phrase = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        if (few == false)
        {
            // Unary + keeps SQLite from reading the match through the trigram tables first.
            return db.Commitments.FromSql($"""
                SELECT * FROM "Commitments"
                WHERE +"Id" IN (SELECT rowid FROM "CommitmentTitleSearch" WHERE "CommitmentTitleSearch" MATCH {phrase})
                   OR +"OrganizationId" IN (SELECT rowid FROM "OrganizationNameSearch" WHERE "OrganizationNameSearch" MATCH {phrase})
                """).AsNoTracking();
        }
        return db.Commitments.FromSql($"""
            SELECT * FROM "Commitments"
            WHERE "Id" IN (SELECT rowid FROM "CommitmentTitleSearch" WHERE "CommitmentTitleSearch" MATCH {phrase})
               OR "OrganizationId" IN (SELECT rowid FROM "OrganizationNameSearch" WHERE "OrganizationNameSearch" MATCH {phrase})
            """).AsNoTracking();
    }

    private static string EscapeLike(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
