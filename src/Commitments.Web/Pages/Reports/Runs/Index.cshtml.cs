using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.ReportRuns;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reports.Runs;

/// <summary>
/// Asking for a report to be made in the background, and the runs of this user's own report (a week's
/// worth; see <see cref="ReportRunRetention"/>), whoever of its colleagues asked. The form names only
/// the year: what the report covers follows from the user's own scope. A request while a run of the
/// same year and coverage is under way leads to that run.
/// </summary>
[Authorize(Policy = Policies.DownloadsAnnualReport)]
public class IndexModel(CommitmentsDbContext db, ReportRunRequests requests) : PageModel
{
    public sealed record Row(int Id, int Year, ReportRunState State, int Percent, DateTime RequestedAt);

    public IReadOnlyList<int> Years { get; private set; } = [];
    public IReadOnlyList<Row> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? year, CancellationToken ct)
    {
        var requested = int.TryParse(year, out var y) ? await requests.RequestAsync(User, y, ct) : null;
        if (requested == null)
        {
            ModelState.AddModelError("year", Messages.Text("Kies een rapportagejaar uit de lijst."));
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return RedirectToPage("Details", new { id = requested.RunId });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Years = await db.ReportingCycles.AsNoTracking().OrderByDescending(c => c.Year).Select(c => c.Year).ToListAsync(ct);
        Runs = await ReportRunRequests.VisibleTo(db.ReportRuns.AsNoTracking(), db.Scope)
            .OrderByDescending(r => r.Id)
            .Select(r => new Row(r.Id, r.ReportingCycle!.Year, r.State, r.Percent, r.RequestedAt))
            .ToListAsync(ct);
    }
}
