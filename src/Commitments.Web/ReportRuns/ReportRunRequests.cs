using System.Security.Claims;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.ReportRuns;

/// <summary>
/// Records a user's request for a report and hands it to <see cref="ReportRunJob"/>. What the run
/// covers comes from the user's own data scope (national, the lead's region, the partner's
/// organisation), never from the form: the form names only the year.
/// </summary>
public sealed class ReportRunRequests(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    IBackgroundJobClient jobs,
    TimeProvider time)
{
    /// <summary>The new run's id, or null when there is no cycle of that year.</summary>
    /// <exception cref="DataScopeViolationException">The user's scope covers no report (no scope at all).</exception>
    public async Task<int?> RequestAsync(ClaimsPrincipal user, int year, CancellationToken ct)
    {
        var own = db.Scope;
        var cycleId = await db.ReportingCycles.AsNoTracking().Where(c => c.Year == year).Select(c => (int?)c.Id).SingleOrDefaultAsync(ct);
        if (cycleId == null)
        {
            return null;
        }
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier)
                     ?? throw new DataScopeViolationException("A report run needs a signed-in user.");
        var run = new ReportRun
        {
            RequestedByUserId = userId,
            RequestedByName = user.Identity?.Name,
            ReportingCycleId = cycleId.Value,
            State = ReportRunState.Queued,
            RequestedAt = time.GetUtcNow().UtcDateTime,
        };
        switch (own.Kind)
        {
            case DataScopeKind.Everything or DataScopeKind.NationalReadOnly:
                run.Scope = ReportRunScope.National;
                break;
            case DataScopeKind.Region:
                run.Scope = ReportRunScope.Region;
                run.RegionId = own.RegionId;
                break;
            case DataScopeKind.Organization:
                run.Scope = ReportRunScope.Organization;
                run.OrganizationId = own.OrganizationId;
                break;
            default:
                throw new DataScopeViolationException($"Scope '{own.Description}' covers no report.");
        }

        // Ministries are read-only and leads and partners do not write runs themselves: the row is
        // written here, in a scope widened for that one purpose, with the scope taken from the user above.
        using (scope.Widen(DataScope.Everything($"report request of {own.Description}")))
        {
            db.ReportRuns.Add(run);
            await db.SaveChangesAsync(ct);
            db.Audit(user, AuditActions.ReportRequested, nameof(ReportRun), run.Id, run.OrganizationId,
                $"{year}, {own.Description}");
            await db.SaveChangesAsync(ct);
        }
        jobs.Enqueue<ReportRunJob>(job => job.RunAsync(run.Id, CancellationToken.None));
        return run.Id;
    }
}
