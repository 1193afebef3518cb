using Commitments.Core.Domain;
using Commitments.Core.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Commitments.Core.Persistence;

/// <summary>
/// The one place that keeps a frozen reporting cycle as it was handed to the ministers: a save that
/// adds, changes or deletes a commitment registered in a frozen cycle (or its themes, co-partners,
/// indicators and reviews), a progress update for a frozen cycle (or its values, evidence and reviews),
/// or any stored frozen report, throws <see cref="FrozenCycleException"/> before anything is written.
/// A cycle whose freeze is under way (a freeze run queued or building) is held the same way until the
/// freeze ends, so that nothing saved while its reports are built is missing from them.
/// It applies to every scope, administrators and jobs included; pages check the same rule earlier to
/// offer no form at all, and answer 409 with the message when a form opened before the freeze gets here.
/// </summary>
/// <remarks>
/// Which cycle a changed or deleted row belongs to is read from the database (by the row's key), not
/// from the values the change tracker holds, so an attached row with made-up parent ids cannot slip a
/// frozen row past the check. One query, and only when such rows are in the save.
/// </remarks>
internal sealed class FrozenCycleGuard(CommitmentsDbContext db)
{
    private readonly HashSet<int> _cycles = [];
    private readonly HashSet<int> _commitments = [];
    private readonly HashSet<int> _updates = [];
    private readonly HashSet<int> _storedIndicators = [];
    private readonly HashSet<int> _storedEvidence = [];
    private readonly HashSet<int> _storedReviews = [];

    public async Task CheckAsync(CancellationToken ct)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }
            var stored = entry.State != EntityState.Added;
            switch (entry.Entity)
            {
                case AnnualReport when stored:
                    throw FrozenCycleException.ReportNeverChanges();
                case ReportingCycle when stored:
                    // The cycle's own row (year, dates): part of what a frozen report says.
                    _cycles.Add(Original<int>(entry, nameof(ReportingCycle.Id)));
                    break;
                case Commitment c:
                    _cycles.Add(c.ReportingCycleId);
                    if (stored)
                    {
                        _commitments.Add(Original<int>(entry, nameof(Commitment.Id)));
                    }
                    break;
                case ProgressUpdate u:
                    _cycles.Add(u.ReportingCycleId);
                    if (stored)
                    {
                        _updates.Add(Original<int>(entry, nameof(ProgressUpdate.Id)));
                    }
                    break;
                case Indicator i:
                    _commitments.Add(i.CommitmentId);
                    if (stored)
                    {
                        _storedIndicators.Add(Original<int>(entry, nameof(Indicator.Id)));
                    }
                    break;
                case CommitmentCoPartner p:
                    // The key is (commitment, organisation): the row written is the one named.
                    _commitments.Add(Original<int>(entry, nameof(CommitmentCoPartner.CommitmentId)));
                    _commitments.Add(p.CommitmentId);
                    break;
                case IndicatorValue v:
                    _updates.Add(Original<int>(entry, nameof(IndicatorValue.ProgressUpdateId)));
                    _updates.Add(v.ProgressUpdateId);
                    break;
                case ProgressEvidence e:
                    _updates.Add(e.ProgressUpdateId);
                    if (stored)
                    {
                        _storedEvidence.Add(Original<int>(entry, nameof(ProgressEvidence.Id)));
                    }
                    break;
                case Review r:
                    if (r.ProgressUpdateId is { } updateId)
                    {
                        _updates.Add(updateId);
                    }
                    else
                    {
                        _commitments.Add(r.CommitmentId);
                    }
                    if (stored)
                    {
                        _storedReviews.Add(Original<int>(entry, nameof(Review.Id)));
                    }
                    break;
                default:
                    if (entry.Metadata.Name == CommitmentConfiguration.ThemesJoinTable)
                    {
                        _commitments.Add(Original<int>(entry, CommitmentConfiguration.ThemesJoinCommitmentKey));
                    }
                    break;
            }
        }
        if (_cycles.Count + _commitments.Count + _updates.Count == 0)
        {
            return;
        }

        // New rows carry temporary (negative) keys until saved: they are judged by their own cycle above.
        var commitmentIds = _commitments.Where(id => id > 0).ToList();
        var updateIds = _updates.Where(id => id > 0).ToList();
        var cycleIds = _cycles.ToList();
        var indicatorIds = _storedIndicators.ToList();
        var evidenceIds = _storedEvidence.ToList();
        var reviewIds = _storedReviews.ToList();
        // One query, filters off for all of it (the question is which cycle a row is in, not who may
        // see it); stored child rows are followed to their parents as the database holds them.
        // A cycle whose freeze is under way counts as frozen: its six reports are being built from
        // the data as it is now, and a change saved meanwhile would be in the database but not in the
        // frozen files. A freeze run older than ReportRun.LostAfter lost its job and holds nothing.
        var lostBefore = db.Time.GetUtcNow().UtcDateTime - ReportRun.LostAfter;
        var closed = await db.ReportingCycles.IgnoreQueryFilters().AsNoTracking()
            .Where(c => (c.FrozenAt != null
                    || db.ReportRuns.Any(r => r.ReportingCycleId == c.Id && r.Scope == ReportRunScope.Freeze
                        && (r.State == ReportRunState.Queued || r.State == ReportRunState.Building)
                        && r.RequestedAt > lostBefore))
                && (cycleIds.Contains(c.Id)
                    || db.Commitments.Any(m => m.ReportingCycleId == c.Id
                        && (commitmentIds.Contains(m.Id)
                            || db.Indicators.Any(i => indicatorIds.Contains(i.Id) && i.CommitmentId == m.Id)
                            || db.Reviews.Any(r => reviewIds.Contains(r.Id) && r.ProgressUpdateId == null && r.CommitmentId == m.Id)))
                    || db.ProgressUpdates.Any(u => u.ReportingCycleId == c.Id
                        && (updateIds.Contains(u.Id)
                            || db.ProgressEvidence.Any(e => evidenceIds.Contains(e.Id) && e.ProgressUpdateId == u.Id)
                            || db.Reviews.Any(r => reviewIds.Contains(r.Id) && r.ProgressUpdateId == u.Id)))))
            .OrderBy(c => c.Year)
            .Select(c => new { c.Year, Frozen = c.FrozenAt != null })
            .FirstOrDefaultAsync(ct);
        if (closed != null)
        {
            throw closed.Frozen ? new FrozenCycleException(closed.Year) : FrozenCycleException.Freezing(closed.Year);
        }
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;
}
