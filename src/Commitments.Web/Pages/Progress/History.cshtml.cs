using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Progress;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Progress;

/// <summary>
/// Each indicator of a commitment across the reporting cycles: the value reported per year against
/// baseline and target, with the progress percentage. For everyone who may see the commitment (404
/// otherwise). Others than the lead partner see submitted and approved updates; the lead partner also
/// sees its own drafts and returned updates, marked as such. Four queries, however many years.
/// </summary>
public class HistoryModel(CommitmentsDbContext db) : PageModel
{
    public Commitment Commitment { get; private set; } = null!;
    public IReadOnlyList<ReportableIndicator> Indicators { get; private set; } = [];

    /// <summary>The updates shown, oldest year first.</summary>
    public IReadOnlyList<Column> Years { get; private set; } = [];

    /// <param name="Values">Value per indicator id.</param>
    public sealed record Column(int Year, ProgressUpdateStatus Status, ProgressHealth Health, IReadOnlyDictionary<int, decimal> Values);

    /// <summary>An unknown handler (<c>?handler=x</c>) would render the page without loading it: answer 404 instead.</summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod == null)
        {
            context.Result = NotFound();
            return Task.CompletedTask;
        }
        return next();
    }

    public async Task<IActionResult> OnGetAsync(int commitmentId, CancellationToken ct)
    {
        var commitment = await db.Commitments.AsNoTracking()
            .Include(c => c.Organization)
            .Include(c => c.Indicators)
            .AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == commitmentId, ct);
        if (commitment == null)
        {
            return NotFound();
        }
        Commitment = commitment;
        Indicators = ProgressReporting.IndicatorsOf(commitment);

        var own = db.Scope.IsOrganization(commitment.OrganizationId);
        var updates = await db.ProgressUpdates.AsNoTracking()
            .Where(u => u.CommitmentId == commitmentId)
            .Where(u => own || u.Status == ProgressUpdateStatus.Submitted || u.Status == ProgressUpdateStatus.Approved)
            .OrderBy(u => u.ReportingCycle!.Year)
            .Select(u => new { u.Id, u.ReportingCycle!.Year, u.Status, u.Health })
            .ToListAsync(ct);
        // The values in a query of their own: as a collection inside the query above, EF joins the
        // (tenant-filtered) values as a derived table, which SQLite builds whole: 90 ms at national
        // scale for one commitment, against a few ms by the update ids.
        var ids = updates.Select(u => u.Id).ToList();
        var values = (await db.IndicatorValues.AsNoTracking()
                .Where(v => ids.Contains(v.ProgressUpdateId))
                .Select(v => new { v.ProgressUpdateId, v.IndicatorId, v.Value })
                .ToListAsync(ct))
            .ToLookup(v => v.ProgressUpdateId);
        Years = updates.Select(u => new Column(u.Year, u.Status, u.Health,
            values[u.Id].ToDictionary(v => v.IndicatorId, v => v.Value))).ToList();
        return Page();
    }
}
