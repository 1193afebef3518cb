using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Commitments;

/// <summary>
/// The commitments the signed-in user may see. No tenant filter here: the DbContext applies the
/// user's data scope (own organisation, own region or everything).
/// </summary>
public class IndexModel(CommitmentsDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public CommitmentStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(int Id, string Title, string Organization, string Region, CommitmentStatus Status, DateOnly? EndDate, IReadOnlyList<string> Themes);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Commitments.AsNoTracking();
        if (Status is { } status)
        {
            query = query.Where(c => c.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim();
            query = query.Where(c => c.Title.Contains(term) || c.Organization!.Name.Contains(term));
        }
        Total = await query.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await query
            .OrderBy(c => c.Title).ThenBy(c => c.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(c => new { c.Id, c.Title, Organization = c.Organization!.Name, Region = c.Organization.Region!.Name, c.Status, c.EndDate })
            .ToListAsync(ct);

        // Themes of just this page, in a query of their own: joined into the page query, SQLite
        // materialises the themes of every commitment first (45 ms at 20,000 commitments).
        var ids = page.Select(c => c.Id).ToList();
        var themes = (await db.Commitments.AsNoTracking()
                .Where(c => ids.Contains(c.Id))
                .SelectMany(c => c.Themes, (c, t) => new { CommitmentId = c.Id, t.Name, t.SortOrder })
                .ToListAsync(ct))
            .ToLookup(t => t.CommitmentId);
        Rows = page.Select(c => new Row(c.Id, c.Title, c.Organization, c.Region, c.Status, c.EndDate,
                themes[c.Id].OrderBy(t => t.SortOrder).Select(t => t.Name).ToList()))
            .ToList();
    }
}
