using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.ReportRuns;
using Commitments.Web.Reporting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reports;

/// <summary>
/// The annual report. Ministries and administrators ask for the national workbook, which a background
/// job builds (<see cref="ReportRunRequests"/>; the button posts to <c>/Reports/Runs</c> and lands on the
/// run's progress); a regional lead downloads that of its own region and a partner that of its own
/// organisation at once, built in the request: those are a fifth of the nation or less (ADR-0016).
/// The builder reads through the DbContext, whose data scope decides which report it is.
/// </summary>
[Authorize(Policy = Policies.DownloadsAnnualReport)]
public class IndexModel(CommitmentsDbContext db, AnnualReportBuilder builder) : PageModel
{
    public IReadOnlyList<int> Years { get; private set; } = [];

    /// <summary>This user's report is the national one, made by a job.</summary>
    public bool National => ReportRunCoverage.Of(db.Scope)?.Scope == ReportRunScope.National;

    public async Task OnGetAsync(CancellationToken ct) =>
        Years = await db.ReportingCycles.AsNoTracking().OrderByDescending(c => c.Year).Select(c => c.Year).ToListAsync(ct);

    public async Task<IActionResult> OnGetDownloadAsync(int year, CancellationToken ct)
    {
        if (!await db.ReportingCycles.AnyAsync(c => c.Year == year, ct))
        {
            return NotFound();
        }
        if (National)
        {
            // Not built in a request, and a GET starts no job: back to the page whose button asks for it.
            return RedirectToPage();
        }
        ReportFile file;
        try
        {
            file = await builder.BuildAsync(year, null, ct);
        }
        catch (ReportScopeNotAllowedException)
        {
            // A role without its anchor (a lead without region, a partner without organisation): 403, not 500.
            return Forbid();
        }
        db.Audit(User, AuditActions.ReportDownloaded, "AnnualReport", year, null, db.Scope.Description);
        await db.SaveChangesAsync(ct);
        return File(file.Content, ReportFile.ContentType, file.FileName);
    }
}
