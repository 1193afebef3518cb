using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Reminders;

/// <summary>
/// Daily run (07:00 Europe/Amsterdam) that chases progress updates of the open reporting cycle.
/// This first version finds the open cycle and the commitments whose update is still missing and
/// logs them; sending the reminders themselves is the reminders feature, built on this job.
/// </summary>
public sealed class ProgressReminderJob(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    TimeProvider time,
    ILogger<ProgressReminderJob> logger)
{
    public const string RecurringJobId = "progress-reminders";
    public const string Cron = "0 7 * * *";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // A job has no user; it must look at every organisation to know who has not reported.
        using var widened = scope.Widen(DataScope.Everything("progress reminder job"));

        var today = DateOnly.FromDateTime(AmsterdamTime.Now(time));
        var cycle = await db.ReportingCycles.AsNoTracking()
            .Where(c => c.FrozenAt == null && c.FreezesOn >= today)
            .OrderBy(c => c.Year)
            .FirstOrDefaultAsync(cancellationToken);
        if (cycle == null)
        {
            logger.LogInformation("No open reporting cycle on {Today}; nothing to chase.", today);
            return 0;
        }

        var missing = await db.Commitments.AsNoTracking()
            .Where(c => c.Status == CommitmentStatus.Approved)
            .Where(c => !c.ProgressUpdates.Any(u => u.ReportingCycleId == cycle.Id
                && (u.Status == ProgressUpdateStatus.Submitted || u.Status == ProgressUpdateStatus.Approved)))
            .CountAsync(cancellationToken);
        logger.LogInformation(
            "Reporting cycle {Year}: updates due on {Due}; {Missing} approved commitments have no submitted update.",
            cycle.Year, cycle.UpdatesDueOn, missing);
        return missing;
    }
}
