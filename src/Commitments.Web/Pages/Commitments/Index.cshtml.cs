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
        Rows = await query
            .OrderBy(c => c.Organization!.Name).ThenBy(c => c.Title).ThenBy(c => c.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(c => new Row(c.Id, c.Title, c.Organization!.Name, c.Organization.Region!.Name, c.Status, c.EndDate,
                c.Themes.OrderBy(t => t.SortOrder).Select(t => t.Name).ToList()))
            .ToListAsync(ct);
    }
}
