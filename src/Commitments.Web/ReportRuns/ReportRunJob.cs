using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Reporting;
using Commitments.Web.Tenancy;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.ReportRuns;

/// <summary>
/// Builds the report of one <see cref="ReportRun"/> in the background. Its argument is the run's id
/// only; what the report covers was fixed on the run when it was asked for (from the requester's
/// scope), and the job sets exactly that scope, visibly, for the build. The job itself reads and
/// writes the run in a scope widened for that purpose.
/// </summary>
public sealed class ReportRunJob(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    AnnualReportBuilder builder,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ReportRunJob> logger)
{
    /// <summary>No automatic retry: a failed build is shown to the requester, who can ask again.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(int runId, CancellationToken ct)
    {
        using var widened = scope.Widen(DataScope.Everything($"report run job {runId}"));
        var run = await db.ReportRuns.Include(r => r.ReportingCycle).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is not { State: ReportRunState.Queued })
        {
            return; // removed by the retention meanwhile, or run already (a duplicate delivery)
        }
        run.State = ReportRunState.Building;
        run.StartedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);

        try
        {
            ReportFile file;
            await using (var progress = new ReportRunProgress(scopes, time, runId))
            {
                using (scope.Widen(ScopeOf(run)))
                {
                    // The builder reports 0–100 as it writes the sheets; the page's bar follows it.
                    file = await builder.BuildAsync(run.ReportingCycle!.Year, progress, ct);
                }
            }
            run.FileName = file.FileName;
            run.Content = file.Content;
            run.State = ReportRunState.Ready;
            run.Percent = 100;
            run.FinishedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct); // storing the file can fail too: then the run fails, it does not hang
        }
        catch (ReportScopeNotAllowedException e)
        {
            logger.LogWarning(e, "Report run {RunId} refused: {Reason}", runId, e.Message);
            await FailAsync(runId, "U mag deze rapportage niet maken. (You may not make this report.)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Report run {RunId} failed.", runId);
            await FailAsync(runId, FailedText);
        }
    }

    public const string FailedText =
        "Het maken van de rapportage is mislukt. Vraag hem opnieuw aan; lukt het weer niet, neem dan contact op met het secretariaat. " +
        "(Making the report failed. Ask for it again; if it fails again, contact the secretariat.)";

    /// <summary>Marks the run failed with the reason, without the change tracker (which may hold the unsaved file).</summary>
    private async Task FailAsync(int runId, string reason)
    {
        db.ChangeTracker.Clear();
        await db.ReportRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReportRunState.Failed)
                .SetProperty(r => r.Error, reason)
                .SetProperty(r => r.FinishedAt, time.GetUtcNow().UtcDateTime), CancellationToken.None);
    }

    /// <summary>The scope of what the run covers, as fixed when it was requested.</summary>
    public static DataScope ScopeOf(ReportRun run)
    {
        var why = $"report run {run.Id} for {run.RequestedByName ?? run.RequestedByUserId}";
        return run.Scope switch
        {
            ReportRunScope.National => DataScope.NationalReadOnly(why),
            ReportRunScope.Region => DataScope.ForRegion(run.RegionId!.Value, why),
            ReportRunScope.Organization => DataScope.ForOrganization(run.OrganizationId!.Value, why),
            _ => DataScope.None,
        };
    }
}
