using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.ReportRuns;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.FrozenReports;

/// <summary>
/// An administrator's confirmation to freeze a cycle: records a freeze run and hands it to
/// <see cref="CycleFreezeJob"/>. A confirmation while a freeze of the cycle is under way (a double
/// click, a second administrator, another instance) joins that one: the claim is serialised in the
/// database (<see cref="ReportRunRequests.ClaimAsync"/>), and the job's own transaction sets
/// <c>FrozenAt</c> only where it is still empty.
/// </summary>
public sealed class CycleFreezeRequests(CommitmentsDbContext db, ReportRunRequests runs, IBackgroundJobClient jobs, TimeProvider time)
{
    private static readonly ReportRunCoverage Coverage = new(ReportRunScope.Freeze, null, null);

    /// <summary>The freeze run to follow (new or under way).</summary>
    /// <exception cref="CycleAlreadyFrozenException">The cycle is frozen already.</exception>
    public async Task<RequestedRun> RequestAsync(ClaimsPrincipal user, int cycleId, CancellationToken ct)
    {
        if (db.Scope.Kind != DataScopeKind.Everything)
        {
            throw new DataScopeViolationException($"Freezing a reporting cycle is an administrator's task; scope '{db.Scope.Description}' may not.");
        }
        var cycle = await db.ReportingCycles.AsNoTracking().Where(c => c.Id == cycleId)
            .Select(c => new { c.Year, c.FrozenAt }).SingleOrDefaultAsync(ct)
            ?? throw new KeyNotFoundException($"There is no reporting cycle {cycleId}.");
        if (cycle.FrozenAt != null)
        {
            throw new CycleAlreadyFrozenException(cycle.Year);
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)
                     ?? throw new DataScopeViolationException("Freezing needs a signed-in administrator.");
        var requested = await runs.ClaimAsync(cycleId, Coverage, () => new ReportRun
        {
            RequestedByUserId = userId,
            RequestedByName = user.Identity?.Name,
            ReportingCycleId = cycleId,
            Scope = ReportRunScope.Freeze,
            State = ReportRunState.Queued,
            RequestedAt = time.GetUtcNow().UtcDateTime,
        }, ct);
        if (!requested.Joined)
        {
            jobs.Enqueue<CycleFreezeJob>(job => job.RunAsync(requested.RunId, CancellationToken.None));
        }
        return requested;
    }

    /// <summary>Whether a freeze run is still working: queued or building, and not lost (<see cref="ReportRun.LostAfter"/>).</summary>
    public static bool UnderWay(ReportRun run, DateTime now) =>
        ReportRunRequests.InProgress(run.State) && run.RequestedAt > now - ReportRun.LostAfter;

    /// <summary>The latest freeze run of the cycle, for the administrator's page (every column but the file's bytes).</summary>
    public Task<ReportRun?> LatestAsync(int cycleId, CancellationToken ct) =>
        WithoutContent(Latest().Where(r => r.ReportingCycleId == cycleId)).FirstOrDefaultAsync(ct);

    /// <summary>The latest freeze run of every cycle that had one (runs are kept a week), in one query: the cycles list.</summary>
    public async Task<IReadOnlyDictionary<int, ReportRun>> LatestPerCycleAsync(CancellationToken ct) =>
        (await WithoutContent(Latest()).ToListAsync(ct)).ToDictionary(r => r.ReportingCycleId);

    /// <summary>
    /// Before a change to the cycle's own row or themes, inside the caller's transaction: takes the
    /// cycle's row as <see cref="ReportRunRequests.ClaimAsync"/> does (PostgreSQL locks it until the
    /// transaction ends, SQLite takes its write lock), then refuses when the cycle is frozen or its
    /// freeze is under way. A freeze confirmed at the same moment therefore either comes after the
    /// change (and its reports read the changed cycle) or before it (and the change is refused):
    /// never a change in the middle of the six reports.
    /// </summary>
    /// <exception cref="FrozenCycleException">The cycle is frozen, or being frozen.</exception>
    public async Task HoldOpenAsync(int cycleId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction == null)
        {
            throw new InvalidOperationException("HoldOpenAsync belongs inside the transaction of the change.");
        }
        await db.ReportingCycles.Where(c => c.Id == cycleId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FreezesOn, c => c.FreezesOn), ct);
        var now = time.GetUtcNow().UtcDateTime;
        var cycle = await db.ReportingCycles.AsNoTracking().Where(c => c.Id == cycleId)
            .Select(c => new { c.Year, c.FrozenAt }).SingleAsync(ct);
        if (cycle.FrozenAt != null)
        {
            throw new FrozenCycleException(cycle.Year);
        }
        var latest = await LatestAsync(cycleId, ct);
        if (latest != null && UnderWay(latest, now))
        {
            throw FrozenCycleException.Freezing(cycle.Year);
        }
    }

    /// <summary>Each cycle's latest freeze run: the one with no later freeze run of the same cycle.</summary>
    private IQueryable<ReportRun> Latest() =>
        db.ReportRuns.AsNoTracking()
            .Where(r => r.Scope == ReportRunScope.Freeze
                        && !db.ReportRuns.Any(l => l.Scope == ReportRunScope.Freeze && l.ReportingCycleId == r.ReportingCycleId && l.Id > r.Id));

    private static IQueryable<ReportRun> WithoutContent(IQueryable<ReportRun> runs) =>
        runs.Select(r => new ReportRun
        {
            Id = r.Id, RequestedByUserId = r.RequestedByUserId, RequestedByName = r.RequestedByName, ReportingCycleId = r.ReportingCycleId,
            Scope = r.Scope, State = r.State, Percent = r.Percent, RequestedAt = r.RequestedAt, StartedAt = r.StartedAt,
            FinishedAt = r.FinishedAt, Error = r.Error,
        });
}
