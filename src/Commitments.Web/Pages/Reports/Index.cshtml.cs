using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Reporting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reports;

/// <summary>
/// Download of the annual report. Ministries and administrators get the national workbook, a regional
/// lead that of its own region, a partner that of its own organisation: the builder reads through the
/// DbContext, whose data scope decides which.
/// </summary>
[Authorize(Policy = Policies.DownloadsAnnualReport)]
public class IndexModel(CommitmentsDbContext db, AnnualReportBuilder builder) : PageModel
{
    public IReadOnlyList<int> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Years = await db.ReportingCycles.AsNoTracking().OrderByDescending(c => c.Year).Select(c => c.Year).ToListAsync(ct);

    public async Task<IActionResult> OnGetDownloadAsync(int year, CancellationToken ct)
    {
        if (!await db.ReportingCycles.AnyAsync(c => c.Year == year, ct))
        {
            return NotFound();
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
        db.Audit(User, Core.Domain.AuditActions.ReportDownloaded, "AnnualReport", year, null, db.Scope.Description);
        await db.SaveChangesAsync(ct);
        return File(file.Content, ReportFile.ContentType, file.FileName);
    }
}
