using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Privacy;

/// <summary>
/// Nightly job that deletes what is no longer needed and holds addresses or links: sent mail,
/// finished invitations, and reminder and digest logs of years that are over. Each delete is one
/// set-based statement, so a rerun (Hangfire retry, a second server) deletes nothing twice and
/// nothing else.
/// </summary>
/// <remarks>
/// Reminder logs make reminders exactly-once (ADR-0013): a log of a cycle the reminder job may still
/// chase must stay, or the reminder would go out again. Only logs of cycles that are frozen or whose
/// conference has passed (the job's open-cycle rule then never picks them) are deleted. Digest logs
/// are per week; the digest job only looks at the current week, so logs older than the retention
/// period (at least a week) can go.
/// </remarks>
public sealed partial class RetentionJob(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "retention";

    public sealed record Result(int Mail, int Invitations, int ReminderLogs, int DigestLogs);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        // Invitations and reminder logs are tenant data of every organisation; the job has no user.
        using var widened = scope.Widen(DataScope.Everything("retention job"));
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(AmsterdamTime.Now(time));

        var mailCutoff = now.AddDays(-settings.SentMailDays);
        var mail = await db.OutboxMessages
            .Where(m => (m.SentAt != null && m.SentAt < mailCutoff) || (m.FailedAt != null && m.FailedAt < mailCutoff))
            .ExecuteDeleteAsync(cancellationToken);

        var invitationCutoff = now.AddDays(-settings.InvitationDays);
        var invitations = await db.Invitations
            .Where(i => (i.AcceptedAt != null && i.AcceptedAt < invitationCutoff) || (i.AcceptedAt == null && i.ExpiresAt < invitationCutoff))
            .ExecuteDeleteAsync(cancellationToken);

        var logCutoff = now.AddDays(-Math.Max(settings.ReminderLogDays, 7));
        var reminderLogs = await db.ReminderLogs
            .Where(l => l.SentAt < logCutoff
                        && db.ReportingCycles.Any(c => c.Id == l.ReportingCycleId && (c.FrozenAt != null || c.FreezesOn < today)))
            .ExecuteDeleteAsync(cancellationToken);
        var weekCutoff = DateOnly.FromDateTime(logCutoff);
        var digestLogs = await db.DigestLogs.Where(l => l.WeekOf < weekCutoff).ExecuteDeleteAsync(cancellationToken);

        var result = new Result(mail, invitations, reminderLogs, digestLogs);
        LogRun(mail, invitations, reminderLogs, digestLogs);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Mail} e-mails, {Invitations} invitations, {ReminderLogs} reminder logs, {DigestLogs} digest logs")]
    private partial void LogRun(int mail, int invitations, int reminderLogs, int digestLogs);
}
