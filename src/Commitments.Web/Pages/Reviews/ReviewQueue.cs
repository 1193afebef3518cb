using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Pages.Reviews;

/// <summary>
/// What waits for a review decision: submitted commitments (new ones and revisions of approved ones)
/// of a cycle that is not frozen (a frozen cycle takes no decisions, see CommitmentAuthorizationHandler).
/// The DbContext's data scope limits it to the lead's region; an administrator sees every region.
/// </summary>
public static class ReviewQueue
{
    public static IQueryable<Commitment> Waiting(CommitmentsDbContext db) =>
        db.Commitments.AsNoTracking()
            .Where(c => c.Status == CommitmentStatus.Submitted && c.ReportingCycle!.FrozenAt == null);
}

/// <summary>The number of waiting commitments beside "Te beoordelen" in the navigation: one COUNT query.</summary>
public sealed class ReviewQueueCountViewComponent(CommitmentsDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var count = await ReviewQueue.Waiting(db).CountAsync(HttpContext.RequestAborted);
        return Content(count > 0 ? $" ({UiFormat.Count(count)})" : "");
    }
}
