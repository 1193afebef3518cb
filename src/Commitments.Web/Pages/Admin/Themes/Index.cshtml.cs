using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Themes;

/// <summary>The pact's themes in their order, with the reporting years each applies to: one query.</summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db) : PageModel
{
    public sealed record Row(int Id, string Name, string? Description, int SortOrder, IReadOnlyList<int> Years);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var themes = await db.Themes.AsNoTracking()
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Name)
            .Select(t => new { t.Id, t.Name, t.Description, t.SortOrder, Years = t.Cycles.OrderBy(c => c.Year).Select(c => c.Year).ToList() })
            .ToListAsync(ct);
        Rows = themes.Select(t => new Row(t.Id, t.Name, t.Description, t.SortOrder, t.Years)).ToList();
    }
}
