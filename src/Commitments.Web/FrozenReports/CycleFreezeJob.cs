using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.ReportRuns;
using Commitments.Web.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.FrozenReports;

/// <summary>
/// Freezes the cycle of one freeze run (<see cref="ReportRunScope.Freeze"/>) in the background through
/// <see cref="CycleFreezer"/>: its argument is the run's id only. The run carries the progress for the
/// administrator's page and, when it fails, the reason; the files go to <see cref="AnnualReport"/>.
/// </summary>
public sealed class CycleFreezeJob(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    CycleFreezer freezer,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<CycleFreezeJob> logger)
{
    public const string Failed =
        "Het bevriezen is mislukt; het rapportagejaar is niet bevroren en er is niets vastgelegd. Probeer het opnieuw; lukt het weer niet, neem dan contact op met de beheerder van de applicatie. " +
        "(Freezing failed; the reporting year is not frozen and nothing was stored. Try again; if it fails again, contact the application's administrator.)";

    /// <summary>No automatic retry: the administrator sees the failure and confirms again.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(int runId, CancellationToken ct)
    {
        // An administrator's task: the job acts in the administrator's scope, as the page did.
        using var widened = scope.Widen(DataScope.Everything($"freeze job {runId}"));
        var run = await db.ReportRuns.AsNoTracking()
            .Where(r => r.Id == runId && r.Scope == ReportRunScope.Freeze)
            .Select(r => new { r.State, r.ReportingCycleId, r.RequestedByUserId, r.RequestedByName })
            .SingleOrDefaultAsync(ct);
        if (run is not { State: ReportRunState.Queued })
        {
            return; // removed by the retention meanwhile, or run already (a duplicate delivery)
        }
        var started = await db.ReportRuns.Where(r => r.Id == runId && r.State == ReportRunState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReportRunState.Building)
                .SetProperty(r => r.StartedAt, time.GetUtcNow().UtcDateTime), ct);
        if (started == 0)
        {
            return; // another worker took it between the two statements
        }

        var state = ReportRunState.Ready;
        string? error = null;
        try
        {
            await using var progress = new ReportRunProgress(scopes, time, runId);
            await freezer.FreezeAsync(run.ReportingCycleId, run.RequestedByUserId, run.RequestedByName, progress, ct);
        }
        catch (CycleAlreadyFrozenException frozen)
        {
            state = ReportRunState.Failed;
            error = frozen.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Freeze run {RunId} of cycle {CycleId} failed; the cycle stays open.", runId, run.ReportingCycleId);
            state = ReportRunState.Failed;
            error = Failed;
        }
        // Written without the change tracker: a failed freeze may have left its reports tracked.
        db.ChangeTracker.Clear();
        await db.ReportRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, state)
                .SetProperty(r => r.Percent, r => state == ReportRunState.Ready ? 100 : r.Percent)
                .SetProperty(r => r.Error, error)
                .SetProperty(r => r.FinishedAt, time.GetUtcNow().UtcDateTime), CancellationToken.None);
    }
}
