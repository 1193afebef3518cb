using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.FrozenReports;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Admin.Cycles;

/// <summary>
/// Freezing a reporting year (normally at the annual conference): the administrator confirms, a
/// background job builds the national report and one per landsdeel and stores them, and the year takes
/// no more changes. This page shows the job's progress (refreshing itself while it works), the reason
/// when it failed (with the confirmation again), and the result. A confirmation while a freeze is
/// under way shows that one; a freeze of a frozen year is refused with the reason (409).
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public class FreezeModel(CommitmentsDbContext db, CycleFreezeRequests freezes, TimeProvider time) : PageModel
{
    public sealed record CycleView(int Id, int Year, DateOnly FreezesOn, DateTime? FrozenAt);

    public CycleView Cycle { get; private set; } = null!;

    /// <summary>The latest freeze of this year, if there was one (kept a week, as report runs are).</summary>
    public ReportRun? Run { get; private set; }

    /// <summary>Why the freeze did not happen, Dutch and English.</summary>
    public string? Refusal { get; private set; }

    public bool InProgress => Cycle.FrozenAt == null && Run != null && CycleFreezeRequests.UnderWay(Run, time.GetUtcNow().UtcDateTime);

    /// <summary>False when the administrator switched the automatic refresh off (<c>?verversen=uit</c>).</summary>
    public bool Refreshes { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? verversen, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Refreshes = InProgress && verversen != "uit";
        if (Refreshes)
        {
            // As on a report run's page: the Refresh header (the CSP allows no script), with a link to stop it.
            Response.Headers["Refresh"] = Pages.Reports.Runs.DetailsModel.RefreshSeconds.ToString(DutchLabels.Culture);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        try
        {
            await freezes.RequestAsync(User, id, ct);
            return RedirectToPage(null, new { id });
        }
        catch (CycleAlreadyFrozenException refused)
        {
            Refusal = refused.Message;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var cycle = await db.ReportingCycles.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new CycleView(c.Id, c.Year, c.FreezesOn, c.FrozenAt))
            .SingleOrDefaultAsync(ct);
        if (cycle == null)
        {
            return false;
        }
        Cycle = cycle;
        Run = await freezes.LatestAsync(id, ct);
        return true;
    }
}
