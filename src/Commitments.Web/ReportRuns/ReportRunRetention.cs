using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.ReportRuns;

/// <summary>
/// Removes report runs (with their files) a week after they were asked for: they are working copies,
/// made again in minutes; what must be kept for years is the frozen report. A run that never started
/// (its job was lost) is removed by the same rule. Daily recurring job.
/// </summary>
public sealed class ReportRunRetention(CommitmentsDbContext db, DataScopeAccessor scope, TimeProvider time, ILogger<ReportRunRetention> logger)
{
    public const string RecurringJobId = "report-run-retention";
    public const string Cron = "30 3 * * *"; // 03:30 Europe/Amsterdam
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        using var widened = scope.Widen(DataScope.Everything("report run retention job"));
        var before = time.GetUtcNow().UtcDateTime - KeepFor;
        var removed = await db.ReportRuns.Where(r => r.RequestedAt < before).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} report runs asked for before {Before:u}.", removed, before);
        }
        return removed;
    }
}
