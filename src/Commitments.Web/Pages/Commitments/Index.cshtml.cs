using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Dashboards;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// The commitments the signed-in user may see. No tenant filter here: the DbContext applies the
/// user's data scope (own organisation, own region or everything).
/// </summary>
public class IndexModel(CommitmentsDbContext db, ListCounts counts) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public CommitmentStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    /// <summary>
    /// Keyset paging: "Volgende" links carry the last commitment of the page (<c>na</c>), "Vorige" the
    /// first (<c>voor</c>), and the page is read from there through the (Title, Id) index, so page 200
    /// costs what page 1 costs. With only <c>pagina</c> (a typed or old link) the page is counted off.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "na")]
    public int? After { get; set; }

    [BindProperty(SupportsGet = true, Name = "voor")]
    public int? Before { get; set; }

    /// <summary>The first and last commitment of the page, for the keyset links.</summary>
    public int? FirstId => Rows.Count > 0 ? Rows[0].Id : null;
    public int? LastId => Rows.Count > 0 ? Rows[^1].Id : null;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>
    /// One commitment of the page. <paramref name="ReturnComment"/>: the regional lead's comment while it is
    /// returned (the partner sees it in its list); <paramref name="Unconfirmed"/> and <paramref name="Declined"/>:
    /// how many co-partners have not confirmed yet, or declined.
    /// </summary>
    public sealed record Row(int Id, string Title, string Organization, string Region, CommitmentStatus Status, DateOnly? EndDate,
        IReadOnlyList<string> Themes, string? ReturnComment, int Unconfirmed, int Declined);

    /// <summary>How much of a return comment the list shows; the whole comment is on the commitment's page.</summary>
    public const int ExcerptLength = 160;

    /// <summary>The start of a long comment, cut at a word and marked with an ellipsis (never silently).</summary>
    public static string Excerpt(string text)
    {
        if (text.Length <= ExcerptLength)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', ExcerptLength);
        if (cut <= ExcerptLength / 2)
        {
            cut = char.IsLowSurrogate(text[ExcerptLength]) ? ExcerptLength - 1 : ExcerptLength; // never half an emoji
        }
        return text[..cut].TrimEnd() + " …";
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        // The search reads through a text index (ADR-0023); the tenancy filter applies to its result.
        // The count reads every match; it is kept per scope, filter and data version (ListCounts), so
        // that paging through a common word or reloading the list counts once, not on every request.
        var counted = Filtered(CommitmentSearch.Matching(db, Search));
        var version = await DashboardCache.VersionAsync(db, ct);
        Total = await counts.GetOrCountAsync(ListCounts.Key(db.Scope, version, Status, Search), () => counted.CountAsync(ct));
        // Knowing how many match, the search is written for the page: few are read first and sorted,
        // many are found by walking the list's order (see CommitmentSearch).
        var query = string.IsNullOrWhiteSpace(Search) ? counted : Filtered(CommitmentSearch.Matching(db, Search, few: Total <= FewMatches));
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await (await PageOfAsync(query, ct))
            .Select(c => new
            {
                c.Id, c.Title, Organization = c.Organization!.Name, Region = c.Organization.Region!.Name, c.Status, c.EndDate,
                // Correlated subqueries of the page's rows only, in the same round trip. Demo and older data
                // may carry the comment only on the lead's review, not on the commitment.
                ReturnComment = c.Status == CommitmentStatus.Returned
                    ? c.ReturnComment ?? c.Reviews
                        .Where(r => r.ProgressUpdateId == null && r.Decision == ReviewDecision.Returned)
                        .OrderByDescending(r => r.DecidedAt).Select(r => r.Comment).FirstOrDefault()
                    : null,
                Unconfirmed = c.CoPartners.Count(p => p.Response == CoPartnerResponse.Pending),
                Declined = c.CoPartners.Count(p => p.Response == CoPartnerResponse.Declined),
            })
            .ToListAsync(ct);
        if (Before is not null)
        {
            page.Reverse(); // read backwards from the anchor
        }

        // Themes of just this page, in a query of their own: joined into the page query, SQLite
        // materialises the themes of every commitment first (45 ms at 20,000 commitments).
        var ids = page.Select(c => c.Id).ToList();
        var themes = (await db.Commitments.AsNoTracking()
                .Where(c => ids.Contains(c.Id))
                .SelectMany(c => c.Themes, (c, t) => new { CommitmentId = c.Id, t.Name, t.SortOrder })
                .ToListAsync(ct))
            .ToLookup(t => t.CommitmentId);
        Rows = page.Select(c => new Row(c.Id, c.Title, c.Organization, c.Region, c.Status, c.EndDate,
                themes[c.Id].OrderBy(t => t.SortOrder).Select(t => t.Name).ToList(), c.ReturnComment, c.Unconfirmed, c.Declined))
            .ToList();
    }

    /// <summary>Up to this many matches, the search reads them first and sorts them (see <see cref="CommitmentSearch"/>).</summary>
    private const int FewMatches = 2000;

    private IQueryable<Commitment> Filtered(IQueryable<Commitment> query) =>
        Status is { } status ? query.Where(c => c.Status == status) : query;

    /// <summary>
    /// The page's commitments in list order (title, then id). From a keyset anchor the user may see,
    /// the page starts right after it (or ends right before it); otherwise, or when the anchor is gone or
    /// not visible to this user (the tenancy filter applies to the anchor too), by page number.
    /// </summary>
    private async Task<IQueryable<Commitment>> PageOfAsync(IQueryable<Commitment> query, CancellationToken ct)
    {
        var anchorId = After ?? Before;
        var anchor = anchorId is null ? null
            : await db.Commitments.AsNoTracking().Where(c => c.Id == anchorId).Select(c => c.Title).FirstOrDefaultAsync(ct);
        if (anchor is null || PageNumber == 1)
        {
            (After, Before) = (null, null);
            return query.OrderBy(c => c.Title).ThenBy(c => c.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize);
        }
        var id = anchorId!.Value;
        // "Title >= anchor" first, so that the database seeks into the (Title, Id) index; the second
        // condition takes out the anchor's own title up to and including the anchor.
        return After is not null
            ? query.Where(c => string.Compare(c.Title, anchor) >= 0 && (c.Title != anchor || c.Id > id))
                .OrderBy(c => c.Title).ThenBy(c => c.Id).Take(PageSize)
            : query.Where(c => string.Compare(c.Title, anchor) <= 0 && (c.Title != anchor || c.Id < id))
                .OrderByDescending(c => c.Title).ThenByDescending(c => c.Id).Take(PageSize);
    }
}
