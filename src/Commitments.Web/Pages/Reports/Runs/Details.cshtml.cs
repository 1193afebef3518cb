using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Commitments.Web.ReportRuns;
using Commitments.Web.Reporting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reports.Runs;

/// <summary>
/// One report run: how far the job is (a progress bar, brought up to date by the page refreshing itself
/// every few seconds while the job works, which the user can switch off) and the download when ready.
/// Every user whose own report it is sees it (the ministries and administrators a national run, the
/// leads of its landsdeel a regional one, the partner's colleagues an organisation's): a second request
/// joins a run under way (<see cref="ReportRunRequests"/>). For anyone else it does not exist (404).
/// </summary>
[Authorize(Policy = Policies.DownloadsAnnualReport)]
public class DetailsModel(CommitmentsDbContext db) : PageModel
{
    /// <summary>Seconds between refreshes while the job works.</summary>
    public const int RefreshSeconds = 3;

    public sealed record RunView(int Id, int Year, ReportRunScope Scope, string? Region, string? Organization, ReportRunState State,
        int Percent, DateTime RequestedAt, DateTime? FinishedAt, string? FileName, int? Bytes, string? Error);

    public RunView Run { get; private set; } = null!;

    /// <summary>False when the user switched the automatic refresh off (<c>?verversen=uit</c>).</summary>
    public bool Refreshes { get; private set; }

    public bool InProgress => Run.State is ReportRunState.Queued or ReportRunState.Building;

    public static string StateLabel(ReportRunState state) => state switch
    {
        ReportRunState.Queued => "In de wachtrij",
        ReportRunState.Building => "Wordt gemaakt",
        ReportRunState.Ready => "Klaar",
        ReportRunState.Failed => "Mislukt",
        _ => state.ToString(),
    };

    public async Task<IActionResult> OnGetAsync(int id, string? verversen, CancellationToken ct)
    {
        var run = await VisibleAsync(id)
            .Select(r => new RunView(r.Id, r.ReportingCycle!.Year, r.Scope,
                db.Regions.Where(g => g.Id == r.RegionId).Select(g => g.Name).FirstOrDefault(),
                db.Organizations.Where(o => o.Id == r.OrganizationId).Select(o => o.Name).FirstOrDefault(),
                r.State, r.Percent, r.RequestedAt, r.FinishedAt, r.FileName, r.Content == null ? null : r.Content.Length, r.Error))
            .SingleOrDefaultAsync(ct);
        if (run == null)
        {
            return NotFound();
        }
        Run = run;
        Refreshes = InProgress && verversen != "uit";
        if (Refreshes)
        {
            // The Refresh header instead of script (the site's CSP allows none): the browser reloads
            // this page until the job is done; the page offers a link that stops it.
            Response.Headers["Refresh"] = RefreshSeconds.ToString(DutchLabels.Culture);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(int id, CancellationToken ct)
    {
        var file = await VisibleAsync(id)
            .Where(r => r.State == ReportRunState.Ready && r.Content != null)
            .Select(r => new { r.FileName, r.Content, r.ReportingCycle!.Year })
            .SingleOrDefaultAsync(ct);
        if (file == null)
        {
            return NotFound();
        }
        db.Audit(User, AuditActions.ReportDownloaded, nameof(ReportRun), id, null, $"{file.Year}, {db.Scope.Description}");
        await db.SaveChangesAsync(ct);
        return File(file.Content!, ReportFile.ContentType, file.FileName);
    }

    /// <summary>The run, if it covers exactly this user's own report (and the context's scope covers it).</summary>
    private IQueryable<ReportRun> VisibleAsync(int id) =>
        ReportRunRequests.VisibleTo(db.ReportRuns.AsNoTracking(), db.Scope).Where(r => r.Id == id);
}
