using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Cycles;

/// <summary>The reporting years, newest first: a handful of rows, read in one query with their themes.</summary>
[Authorize(Policy = Policies.Administrator)]
public class IndexModel(CommitmentsDbContext db) : PageModel
{
    public sealed record Row(int Id, int Year, DateOnly UpdatesDueOn, DateOnly FreezesOn, int FirstReminderDaysBefore,
        int EscalateDaysAfter, DateTime? FrozenAt, IReadOnlyList<string> Themes);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var cycles = await db.ReportingCycles.AsNoTracking()
            .OrderByDescending(c => c.Year)
            .Select(c => new
            {
                c.Id, c.Year, c.UpdatesDueOn, c.FreezesOn, c.FirstReminderDaysBefore, c.EscalateDaysAfter, c.FrozenAt,
                Themes = c.Themes.OrderBy(t => t.SortOrder).ThenBy(t => t.Name).Select(t => t.Name).ToList(),
            })
            .ToListAsync(ct);
        Rows = cycles.Select(c => new Row(c.Id, c.Year, c.UpdatesDueOn, c.FreezesOn, c.FirstReminderDaysBefore,
            c.EscalateDaysAfter, c.FrozenAt, c.Themes)).ToList();
    }
}
