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

    /// <summary>The latest freeze run of the cycle, for the administrator's page (every column but the file's bytes).</summary>
    public Task<ReportRun?> LatestAsync(int cycleId, CancellationToken ct) =>
        db.ReportRuns.AsNoTracking()
            .Where(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze)
            .OrderByDescending(r => r.Id)
            .Select(r => new ReportRun
            {
                Id = r.Id, RequestedByUserId = r.RequestedByUserId, RequestedByName = r.RequestedByName, ReportingCycleId = r.ReportingCycleId,
                Scope = r.Scope, State = r.State, Percent = r.Percent, RequestedAt = r.RequestedAt, StartedAt = r.StartedAt,
                FinishedAt = r.FinishedAt, Error = r.Error,
            })
            .FirstOrDefaultAsync(ct);
}
