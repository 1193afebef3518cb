using System.Security.Claims;
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
/// Asking for a report to be made in the background, and the reports this user asked for (a week's
/// worth; see <see cref="ReportRunRetention"/>). The form names only the year: what the report covers
/// follows from the user's own scope.
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
        var id = int.TryParse(year, out var y) ? await requests.RequestAsync(User, y, ct) : null;
        if (id == null)
        {
            ModelState.AddModelError("year", Messages.Text("Kies een rapportagejaar uit de lijst."));
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return RedirectToPage("Details", new { id });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Years = await db.ReportingCycles.AsNoTracking().OrderByDescending(c => c.Year).Select(c => c.Year).ToListAsync(ct);
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        Runs = await db.ReportRuns.AsNoTracking()
            .Where(r => r.RequestedByUserId == me)
            .OrderByDescending(r => r.Id)
            .Select(r => new Row(r.Id, r.ReportingCycle!.Year, r.State, r.Percent, r.RequestedAt))
            .ToListAsync(ct);
    }
}
