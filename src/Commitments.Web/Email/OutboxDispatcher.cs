using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Commitments.Web.Email;

/// <summary>
/// The background job that delivers queued e-mail. Hangfire resolves it in a scope of its own per run.
/// Delivery is at least once and, as long as runs finish within their claim, exactly once: every
/// message is claimed with a single conditional UPDATE before it is sent, so runs that overlap (a slow
/// run and the next minute's run, or two servers) never send the same message twice.
/// </summary>
/// <remarks>
/// The job reads and writes only outbox rows, which belong to no tenant, so it runs without widening
/// its data scope: should it ever touch tenant data by mistake, it sees nothing.
/// </remarks>
public sealed partial class OutboxDispatcher(
    CommitmentsDbContext db,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    public const string RecurringJobId = "email-outbox";

    /// <summary>Every minute: a reminder or an invitation should not wait long.</summary>
    public const string Cron = "* * * * *";

    /// <summary>How long a run holds a message it is sending. A run that dies mid-send frees it this way.</summary>
    public static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    public const int MaxErrorLength = 2000;

    /// <summary>What a sent message's body becomes: subject, recipient and times stay for the record.</summary>
    public const string RedactedBody = "[Inhoud verwijderd na verzending. / Content removed after delivery.]";

    /// <summary>Waits after the 1st, 2nd, … failed attempt; the last one repeats.</summary>
    private static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(60),
        TimeSpan.FromMinutes(240),
    ];

    public static TimeSpan BackoffAfter(int failedAttempts) =>
        Backoff[Math.Clamp(failedAttempts, 1, Backoff.Length) - 1];

    public async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        int sent = 0, failed = 0;
        // Walk the due messages in id order, batch after batch. Each message is looked at once per run,
        // so a message that fails now (and is due again later) cannot keep a run going.
        long after = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Now();
            var batch = await Due(now)
                .Where(m => m.Id > after)
                .OrderBy(m => m.Id)
                .Select(m => m.Id)
                .Take(settings.BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var id in batch)
            {
                after = id;
                switch (await DeliverAsync(id, settings, cancellationToken))
                {
                    case Outcome.Sent:
                        sent++;
                        break;
                    case Outcome.Failed:
                        failed++;
                        break;
                }
            }
            if (batch.Count < settings.BatchSize)
            {
                break;
            }
        }
        if (sent + failed > 0)
        {
            LogRun(sent, failed);
        }
    }

    private IQueryable<OutboxMessage> Due(DateTime now) =>
        db.OutboxMessages.AsNoTracking().Where(m =>
            m.SentAt == null
            && m.FailedAt == null
            && m.NextAttemptAt <= now
            && (m.LockedUntil == null || m.LockedUntil < now));

    /// <summary>
    /// Claims a message for this run: one UPDATE that succeeds only while the message is still due and
    /// unclaimed, so of two runs racing for it exactly one sees a changed row. Returns the claim, which
    /// the run later uses to prove the message is still its own, or null when someone else has it.
    /// </summary>
    internal async Task<DateTime?> TryClaimAsync(long id, CancellationToken cancellationToken)
    {
        var now = Now();
        // Whole milliseconds: the claim is compared for equality later, and PostgreSQL keeps only microseconds.
        var claim = TruncateToMilliseconds(now + ClaimDuration);
        var claimed = await Due(now)
            .Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, claim), cancellationToken);
        return claimed == 1 ? claim : null;
    }

    private async Task<Outcome> DeliverAsync(long id, EmailOptions settings, CancellationToken cancellationToken)
    {
        var claim = await TryClaimAsync(id, cancellationToken);
        if (claim == null)
        {
            return Outcome.Skipped; // another run is sending it, or it changed since the batch was read
        }
        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
        var attempt = message.Attempts + 1;
        try
        {
            await transport.SendAsync(OutboxMailBuilder.Build(message, settings), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping. Whether the server got the message is unknown; the claim runs out
            // and a later run retries with the same Message-Id.
            throw;
        }
        catch (Exception e)
        {
            await RecordFailureAsync(id, claim.Value, attempt, settings.MaxAttempts, e);
            return Outcome.Failed;
        }

        // Once the server has the message, this must be written even when the run is being cancelled:
        // otherwise the message would be sent again. The body goes in the same statement: reset and
        // invitation links must not stay readable in the database once they are delivered (ADR-0018).
        var sentAt = Now();
        var recorded = await Claimed(id, claim.Value).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SentAt, sentAt)
            .SetProperty(m => m.TextBody, RedactedBody)
            .SetProperty(m => m.HtmlBody, (string?)null)
            .SetProperty(m => m.Attempts, attempt)
            .SetProperty(m => m.LockedUntil, (DateTime?)null), CancellationToken.None);
        if (recorded == 0)
        {
            LogClaimLost(id);
        }
        else
        {
            LogSent(id, attempt);
        }
        return Outcome.Sent;
    }

    private async Task RecordFailureAsync(long id, DateTime claim, int attempt, int maxAttempts, Exception error)
    {
        var now = Now();
        var lastError = Describe(error);
        var givesUp = attempt >= maxAttempts;
        // A failed message keeps its NextAttemptAt; only an administrator's requeue sets it due again.
        var nextAttemptAt = givesUp ? (DateTime?)null : now + BackoffAfter(attempt);
        DateTime? failedAt = givesUp ? now : null;
        var recorded = await Claimed(id, claim).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(m => m.Attempts, attempt)
                .SetProperty(m => m.LastError, lastError)
                .SetProperty(m => m.FailedAt, failedAt)
                .SetProperty(m => m.LockedUntil, (DateTime?)null);
            if (nextAttemptAt != null)
            {
                s.SetProperty(m => m.NextAttemptAt, nextAttemptAt.Value);
            }
        }, CancellationToken.None);
        if (recorded == 0)
        {
            LogClaimLost(id);
        }
        else if (givesUp)
        {
            LogGaveUp(id, attempt, Privacy.PersonalData.RedactAddresses(lastError));
        }
        else
        {
            LogWillRetry(id, attempt, nextAttemptAt!.Value, Privacy.PersonalData.RedactAddresses(lastError));
        }
    }

    private IQueryable<OutboxMessage> Claimed(long id, DateTime claim) =>
        db.OutboxMessages.Where(m => m.Id == id && m.LockedUntil == claim);

    /// <summary>The error for an administrator: every exception in the chain, cut to fit the column.</summary>
    internal static string Describe(Exception error)
    {
        var parts = new List<string>();
        for (var e = error; e != null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }
        var text = string.Join(" ---> ", parts);
        if (text.Length <= MaxErrorLength)
        {
            return text;
        }
        // Never cut a surrogate pair in half: PostgreSQL refuses the resulting invalid text.
        var length = char.IsHighSurrogate(text[MaxErrorLength - 1]) ? MaxErrorLength - 1 : MaxErrorLength;
        return text[..length];
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    private static DateTime TruncateToMilliseconds(DateTime value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);

    private enum Outcome
    {
        Skipped,
        Sent,
        Failed,
    }

    // Recipients are personal data: the logs name the outbox id, which leads to them for those allowed.
    [LoggerMessage(Level = LogLevel.Debug, Message = "E-mail {OutboxId} sent (attempt {Attempt})")]
    private partial void LogSent(long outboxId, int attempt);

    // The error is logged as text with its addresses hashed, not as the exception: an SMTP server's
    // refusal usually quotes the recipient ("550 5.1.1 <jan@…>: unknown user"). The outbox row keeps
    // the full text for administrators.
    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {OutboxId} attempt {Attempt} failed; next attempt at {NextAttemptAt:o}: {Error}")]
    private partial void LogWillRetry(long outboxId, int attempt, DateTime nextAttemptAt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "E-mail {OutboxId} failed {Attempt} times and will not be retried: {Error}")]
    private partial void LogGaveUp(long outboxId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {OutboxId}: the claim ran out before the outcome was recorded; it may be delivered again (with the same Message-Id)")]
    private partial void LogClaimLost(long outboxId);

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail delivery run: {Sent} sent, {Failed} failed")]
    private partial void LogRun(int sent, int failed);
}
