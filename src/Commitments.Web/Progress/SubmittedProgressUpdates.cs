using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Progress;

/// <summary>
/// Progress updates that wait for the regional lead's decision, for the review queue ("Te
/// beoordelen") beside the submitted commitments: submitted, in a cycle that is not frozen (a frozen
/// cycle takes no decisions), oldest submission first. The DbContext's data scope limits them to the
/// lead's region; an administrator sees every region. Each row links to /Progress/Review/{Id}.
/// </summary>
public static class SubmittedProgressUpdates
{
    /// <param name="Id">The progress update (link: /Progress/Review/{Id}).</param>
    /// <param name="Year">The reporting cycle's year.</param>
    public sealed record Row(int Id, int CommitmentId, string Title, string Organization, string Region, int Year, DateTime? SubmittedAt);

    /// <summary>The waiting updates as a query, ordered oldest first, for counting or paging by the caller.</summary>
    public static IQueryable<ProgressUpdate> Waiting(CommitmentsDbContext db) =>
        db.ProgressUpdates.AsNoTracking()
            .Where(u => u.Status == ProgressUpdateStatus.Submitted && u.ReportingCycle!.FrozenAt == null)
            .OrderBy(u => u.SubmittedAt).ThenBy(u => u.Id);

    /// <summary>One page of waiting updates, as rows: one query.</summary>
    public static Task<List<Row>> ListAsync(CommitmentsDbContext db, int skip, int take, CancellationToken ct) =>
        Waiting(db)
            .Skip(skip).Take(take)
            .Select(u => new Row(u.Id, u.CommitmentId, u.Commitment!.Title, u.Commitment.Organization!.Name,
                u.Commitment.Organization.Region!.Name, u.ReportingCycle!.Year, u.SubmittedAt))
            .ToListAsync(ct);

    public static Task<int> CountAsync(CommitmentsDbContext db, CancellationToken ct) => Waiting(db).CountAsync(ct);
}
