using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.Reporting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reports;

/// <summary>
/// The frozen reports per cycle: who froze them, when, their SHA-256, and the download of exactly the
/// stored bytes. Which files a user sees is the context's filter on <see cref="AnnualReport"/>:
/// ministries and administrators all (national and every landsdeel), a regional lead only its own
/// landsdeel's file (the national file holds every region's data, which a lead may not read; see ADR-0016).
/// </summary>
[Authorize(Policy = Policies.ReadsReports)]
public class FrozenModel(CommitmentsDbContext db) : PageModel
{
    public sealed record Row(int Id, int Year, string? Region, DateTime FrozenAt, string? FrozenBy, string Sha256, string FileName, int Bytes);

    public IReadOnlyList<IGrouping<int, Row>> Years { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var rows = await db.AnnualReports.AsNoTracking()
            .OrderByDescending(r => r.ReportingCycle!.Year)
            .ThenBy(r => r.RegionId != null)
            .ThenBy(r => r.Region!.Name)
            .Select(r => new Row(r.Id, r.ReportingCycle!.Year, r.Region!.Name, r.FrozenAt, r.FrozenByName, r.Sha256, r.FileName, r.Content.Length))
            .ToListAsync(ct);
        Years = rows.GroupBy(r => r.Year).ToList();
    }

    public async Task<IActionResult> OnGetDownloadAsync(int id, CancellationToken ct)
    {
        var report = await db.AnnualReports.AsNoTracking()
            .Where(r => r.Id == id)
            .Select(r => new { r.Id, r.FileName, r.Content, r.Sha256, r.ReportingCycle!.Year, r.RegionId })
            .SingleOrDefaultAsync(ct);
        if (report == null)
        {
            return NotFound(); // not there, or not this user's to see
        }
        db.Audit(User, AuditActions.ReportDownloaded, nameof(AnnualReport), report.Id, null,
            $"bevroren {report.Year}, {(report.RegionId == null ? "landelijk" : $"landsdeel {report.RegionId}")}, sha256 {report.Sha256}");
        await db.SaveChangesAsync(ct);
        return File(report.Content, ReportFile.ContentType, report.FileName);
    }
}
