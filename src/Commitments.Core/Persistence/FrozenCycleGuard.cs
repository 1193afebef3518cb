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
/// It applies to every scope, administrators and jobs included; pages check the same rule earlier to
/// offer no form at all, and answer 409 with the message when a form opened before the freeze gets here.
/// </summary>
/// <remarks>
/// Which cycle a changed or deleted row belongs to is read from the database (by the row's key), not
/// from the values the change tracker holds, so an attached row with made-up parent ids cannot slip a
/// frozen row past the check. At most four small queries, and only when such rows are in the save.
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

        await AddStoredParentsAsync(ct);

        // New rows carry temporary (negative) keys until saved: they are judged by their own cycle above.
        var commitmentIds = _commitments.Where(id => id > 0).ToList();
        var updateIds = _updates.Where(id => id > 0).ToList();
        var cycleIds = _cycles.ToList();
        // One query; filters off for all of it (the question is which cycle a row is in, not who sees it).
        var frozenYear = await db.ReportingCycles.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.FrozenAt != null
                && (cycleIds.Contains(c.Id)
                    || db.Commitments.Any(m => commitmentIds.Contains(m.Id) && m.ReportingCycleId == c.Id)
                    || db.ProgressUpdates.Any(u => updateIds.Contains(u.Id) && u.ReportingCycleId == c.Id)))
            .OrderBy(c => c.Year)
            .Select(c => (int?)c.Year)
            .FirstOrDefaultAsync(ct);
        if (frozenYear is { } year)
        {
            throw new FrozenCycleException(year);
        }
    }

    /// <summary>The parents that stored child rows have in the database (not what the tracker says).</summary>
    private async Task AddStoredParentsAsync(CancellationToken ct)
    {
        if (_storedIndicators.Count > 0)
        {
            var ids = _storedIndicators.ToList();
            _commitments.UnionWith(await db.Indicators.IgnoreQueryFilters().AsNoTracking()
                .Where(i => ids.Contains(i.Id)).Select(i => i.CommitmentId).ToListAsync(ct));
        }
        if (_storedEvidence.Count > 0)
        {
            var ids = _storedEvidence.ToList();
            _updates.UnionWith(await db.ProgressEvidence.IgnoreQueryFilters().AsNoTracking()
                .Where(e => ids.Contains(e.Id)).Select(e => e.ProgressUpdateId).ToListAsync(ct));
        }
        if (_storedReviews.Count > 0)
        {
            var ids = _storedReviews.ToList();
            foreach (var review in await db.Reviews.IgnoreQueryFilters().AsNoTracking()
                         .Where(r => ids.Contains(r.Id)).Select(r => new { r.CommitmentId, r.ProgressUpdateId }).ToListAsync(ct))
            {
                if (review.ProgressUpdateId is { } updateId)
                {
                    _updates.Add(updateId);
                }
                else
                {
                    _commitments.Add(review.CommitmentId);
                }
            }
        }
    }

    private static T Original<T>(EntityEntry entry, string property) => (T)entry.Property(property).OriginalValue!;
}
