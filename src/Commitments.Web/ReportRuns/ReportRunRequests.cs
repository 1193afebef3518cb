using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.ReportRuns;

/// <summary>What a report run covers: the run's scope and, for a region or organisation, which one.</summary>
public sealed record ReportRunCoverage(ReportRunScope Scope, int? RegionId, int? OrganizationId)
{
    /// <summary>The report a user of this data scope gets, or null when the scope covers none.</summary>
    public static ReportRunCoverage? Of(DataScope scope) => scope.Kind switch
    {
        DataScopeKind.Everything or DataScopeKind.NationalReadOnly => new(ReportRunScope.National, null, null),
        DataScopeKind.Region => new(ReportRunScope.Region, scope.RegionId, null),
        DataScopeKind.Organization => new(ReportRunScope.Organization, null, scope.OrganizationId),
        _ => null,
    };
}

/// <summary>The answer to a request: the run the user follows, and whether it was already under way.</summary>
public sealed record RequestedRun(int RunId, bool Joined);

/// <summary>
/// Records a user's request for a report and hands it to <see cref="ReportRunJob"/>. What the run
/// covers comes from the user's own data scope (national, the lead's region, the partner's
/// organisation), never from the form: the form names only the year. While a run of the same year
/// and coverage is queued or being built, a second request joins it instead of building it twice.
/// </summary>
public sealed class ReportRunRequests(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    IBackgroundJobClient jobs,
    TimeProvider time)
{
    /// <summary>The runs a user of this scope sees: exactly those of its own coverage (not freezes).</summary>
    public static IQueryable<ReportRun> VisibleTo(IQueryable<ReportRun> runs, DataScope scope)
    {
        var coverage = ReportRunCoverage.Of(scope);
        if (coverage == null)
        {
            return runs.Where(r => false);
        }
        return runs.Where(r => r.Scope == coverage.Scope && r.RegionId == coverage.RegionId && r.OrganizationId == coverage.OrganizationId);
    }

    public static bool InProgress(ReportRunState state) => state is ReportRunState.Queued or ReportRunState.Building;

    /// <summary>The run to follow (new, or the one already under way), or null when there is no cycle of that year.</summary>
    /// <exception cref="DataScopeViolationException">The user's scope covers no report (no scope at all).</exception>
    public async Task<RequestedRun?> RequestAsync(ClaimsPrincipal user, int year, CancellationToken ct)
    {
        var own = db.Scope;
        var coverage = ReportRunCoverage.Of(own)
                       ?? throw new DataScopeViolationException($"Scope '{own.Description}' covers no report.");
        var cycleId = await db.ReportingCycles.AsNoTracking().Where(c => c.Year == year).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct);
        if (cycleId == null)
        {
            return null;
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)
                     ?? throw new DataScopeViolationException("A report run needs a signed-in user.");

        // Ministries are read-only and leads and partners do not write runs themselves: the row is
        // written here, in a scope widened for that one purpose, with the coverage taken from the user above.
        RequestedRun requested;
        using (scope.Widen(DataScope.Everything($"report request of {own.Description}")))
        {
            requested = await ClaimAsync(cycleId.Value, coverage, () => new ReportRun
            {
                RequestedByUserId = userId,
                RequestedByName = user.Identity?.Name,
                ReportingCycleId = cycleId.Value,
                Scope = coverage.Scope,
                RegionId = coverage.RegionId,
                OrganizationId = coverage.OrganizationId,
                State = ReportRunState.Queued,
                RequestedAt = time.GetUtcNow().UtcDateTime,
            }, ct);
            if (!requested.Joined)
            {
                db.Audit(user, AuditActions.ReportRequested, nameof(ReportRun), requested.RunId, coverage.OrganizationId,
                    $"{year}, {own.Description}");
                await db.SaveChangesAsync(ct);
            }
        }
        if (!requested.Joined)
        {
            jobs.Enqueue<ReportRunJob>(job => job.RunAsync(requested.RunId, CancellationToken.None));
        }
        return requested;
    }

    /// <summary>
    /// The run under way for this cycle and coverage, or a new one written by <paramref name="create"/>.
    /// Serialised in the database, not in memory (several instances may serve the same users): the
    /// transaction first writes the cycle's row (a no-op update), which PostgreSQL locks until the
    /// transaction ends and which on SQLite takes the database's write lock; a second request for the
    /// same cycle waits there, and then finds the first one's run. The caller's scope must allow writing runs.
    /// </summary>
    public async Task<RequestedRun> ClaimAsync(int cycleId, ReportRunCoverage coverage, Func<ReportRun> create, CancellationToken ct) =>
        await db.InTransactionAsync(async token =>
        {
            var lostBefore = time.GetUtcNow().UtcDateTime - ReportRun.LostAfter;
            db.ChangeTracker.Clear(); // a retry of the execution strategy starts from nothing
            await db.ReportingCycles.Where(c => c.Id == cycleId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.FreezesOn, c => c.FreezesOn), token);
            var running = await db.ReportRuns.AsNoTracking()
                .Where(r => r.ReportingCycleId == cycleId && r.Scope == coverage.Scope
                            && r.RegionId == coverage.RegionId && r.OrganizationId == coverage.OrganizationId
                            && (r.State == ReportRunState.Queued || r.State == ReportRunState.Building)
                            && r.RequestedAt > lostBefore)
                .OrderBy(r => r.Id)
                .Select(r => (int?)r.Id)
                .FirstOrDefaultAsync(token);
            if (running is { } id)
            {
                return new RequestedRun(id, Joined: true);
            }
            var run = create();
            db.ReportRuns.Add(run);
            await db.SaveChangesAsync(token);
            return new RequestedRun(run.Id, Joined: false);
        }, ct);
}
