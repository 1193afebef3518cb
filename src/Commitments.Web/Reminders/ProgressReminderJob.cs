using System.Globalization;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Email;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Reminders;

/// <summary>
/// Daily run (07:00 Europe/Amsterdam) that chases the progress updates of the open reporting cycle
/// along the <see cref="ReminderLadder"/>: before the due date, on it, after it, and an escalation that
/// copies the region's lead.
/// </summary>
/// <remarks>
/// <para><b>Exactly once.</b> Each (commitment, cycle, rung, recipient) is mailed at most once: the
/// <see cref="ReminderLog"/> row and the outbox message are written in one transaction, and the log's
/// unique key refuses a second one. A run that crashes half-way has committed whole batches only; the
/// next run (Hangfire's retry, or tomorrow's) sends the rest. Two runs at the same time (two servers)
/// collide on the unique key: the losing batch is rolled back, mail included, and retried without
/// what the other run sent.</para>
/// <para><b>In sets.</b> The scan is a fixed handful of queries whatever the number of commitments;
/// only the writes grow with the number of reminders.</para>
/// </remarks>
public sealed class ProgressReminderJob(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    IEmailOutbox outbox,
    PublicLinks links,
    TimeProvider time,
    ILogger<ProgressReminderJob> logger)
{
    public const string RecurringJobId = "progress-reminders";
    public const string Cron = "0 7 * * *";

    /// <summary>Reminders written per transaction (tests make it small to crash between batches).</summary>
    internal int BatchSize { get; set; } = 200;


    /// <returns>The number of reminders queued by this run.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // A job has no user; it must look at every organisation to know who has not reported.
        using var widened = scope.Widen(DataScope.Everything("progress reminder job"));

        var planned = await PlanAsync(cancellationToken);
        if (planned.Count == 0)
        {
            return 0;
        }
        var sent = 0;
        foreach (var batch in planned.Chunk(BatchSize))
        {
            sent += await SendBatchAsync(batch, cancellationToken);
        }
        logger.LogInformation("Progress reminders: {Sent} queued of {Planned} due today.", sent, planned.Count);
        return sent;
    }

    /// <summary>The reminders due today that have not gone out yet: a fixed number of queries.</summary>
    internal async Task<List<PlannedReminder>> PlanAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(AmsterdamTime.Now(time));
        var cycle = await OpenCycle(db, today).AsNoTracking().FirstOrDefaultAsync(ct);
        if (cycle == null)
        {
            logger.LogInformation("No open reporting cycle on {Today}; nothing to chase.", today);
            return [];
        }
        var rung = ReminderLadder.PartnerRung(cycle, today);
        var escalate = ReminderLadder.Escalate(cycle, today);
        if (rung == null)
        {
            return [];
        }

        var missing = MissingUpdates(db, cycle);
        var commitments = await missing
            .Select(c => new { c.Id, c.Title, c.OrganizationId, Organization = c.Organization!.Name, c.Organization.RegionId, c.ContactEmail })
            .ToListAsync(ct);
        var users = await db.Users.AsNoTracking()
            .Where(u => u.DeactivatedAt == null && u.Email != null && u.OrganizationId != null
                        && missing.Any(c => c.OrganizationId == u.OrganizationId))
            .Select(u => new { OrganizationId = u.OrganizationId!.Value, Email = u.Email!, u.Culture, u.PrefersWeeklyDigest })
            .ToListAsync(ct);
        users.RemoveAll(u => !MailAddresses.TryParse(u.Email, out _)); // one bad address must not stop the rest
        var leads = escalate
            ? await db.Users.AsNoTracking()
                .Where(u => u.DeactivatedAt == null && u.Email != null && u.RegionId != null && u.OrganizationId == null)
                .Select(u => new { RegionId = u.RegionId!.Value, Email = u.Email!, u.Culture })
                .ToListAsync(ct)
            : [];
        var alreadySent = (await db.ReminderLogs.AsNoTracking()
                .Where(l => l.ReportingCycleId == cycle.Id)
                .Select(l => new { l.CommitmentId, l.Kind, l.Recipient })
                .ToListAsync(ct))
            .Select(l => (l.CommitmentId, l.Kind, l.Recipient))
            .ToHashSet();

        var usersOf = users.ToLookup(u => u.OrganizationId);
        var leadsOf = leads.ToLookup(l => l.RegionId);
        var plan = new List<PlannedReminder>();
        foreach (var c in commitments)
        {
            void Add(ReminderKind kind, string email, string culture)
            {
                var recipient = email.Trim().ToLowerInvariant();
                if (alreadySent.Add((c.Id, kind, recipient)))
                {
                    plan.Add(new PlannedReminder(c.Id, cycle.Id, cycle.Year, cycle.UpdatesDueOn, kind, recipient, culture, c.Title, c.Organization));
                }
            }
            // The commitment's contact person gets the reminders too, unless already one of the users.
            var contact = c.ContactEmail is { } address && MailAddresses.TryParse(address, out _)
                && !usersOf[c.OrganizationId].Any(u => string.Equals(u.Email, address, StringComparison.OrdinalIgnoreCase))
                ? address
                : null;

            // Users who chose the weekly digest get their reminders there; an escalation reaches everyone.
            foreach (var user in usersOf[c.OrganizationId].Where(u => !u.PrefersWeeklyDigest))
            {
                Add(rung.Value, user.Email, user.Culture);
            }
            if (contact != null)
            {
                Add(rung.Value, contact, "nl-NL");
            }
            if (escalate)
            {
                foreach (var user in usersOf[c.OrganizationId])
                {
                    Add(ReminderKind.EscalatedToRegionalLead, user.Email, user.Culture);
                }
                if (contact != null)
                {
                    Add(ReminderKind.EscalatedToRegionalLead, contact, "nl-NL");
                }
                foreach (var lead in leadsOf[c.RegionId])
                {
                    Add(ReminderKind.EscalatedToRegionalLead, lead.Email, lead.Culture);
                }
            }
        }
        return plan;
    }

    /// <summary>
    /// Writes the logs and mails of one batch in one transaction. When another run got there first
    /// (the unique key refuses a log), nothing of the batch is kept; the batch is tried again without
    /// what is now in the log.
    /// </summary>
    private async Task<int> SendBatchAsync(IReadOnlyCollection<PlannedReminder> batch, CancellationToken ct)
    {
        var pending = batch.ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InTransactionAsync(async token =>
                {
                    db.ChangeTracker.Clear(); // a retry of the execution strategy starts afresh
                    var now = time.GetUtcNow().UtcDateTime;
                    foreach (var r in pending)
                    {
                        db.ReminderLogs.Add(new ReminderLog
                        {
                            CommitmentId = r.CommitmentId,
                            ReportingCycleId = r.CycleId,
                            Kind = r.Kind,
                            Recipient = r.Recipient,
                            SentAt = now,
                        });
                        var (subject, body) = MailTemplates.Render(Template(r.Kind), r.Culture, new Dictionary<string, string>
                        {
                            ["title"] = r.Title,
                            ["organization"] = r.Organization,
                            ["year"] = r.Year.ToString(CultureInfo.InvariantCulture),
                            ["due"] = r.DueOn.Date(UiFormat.For(r.Culture)),
                            ["link"] = links.To($"/Progress/Update/{r.CommitmentId}"),
                        });
                        outbox.Enqueue(r.Recipient, subject, body);
                    }
                    await db.SaveChangesAsync(token);
                    return pending.Count;
                }, ct);
            }
            catch (DbUpdateException e) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                logger.LogInformation(e, "A reminder batch met reminders another run had sent; retrying without them.");
                var ids = pending.Select(p => p.CommitmentId).Distinct().ToList();
                var cycleId = pending[0].CycleId;
                var sent = (await db.ReminderLogs.AsNoTracking()
                        .Where(l => l.ReportingCycleId == cycleId && ids.Contains(l.CommitmentId))
                        .Select(l => new { l.CommitmentId, l.Kind, l.Recipient })
                        .ToListAsync(ct))
                    .Select(l => (l.CommitmentId, l.Kind, l.Recipient)).ToHashSet();
                pending = pending.Where(p => !sent.Contains((p.CommitmentId, p.Kind, p.Recipient))).ToList();
                if (pending.Count == 0)
                {
                    return 0;
                }
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string Template(ReminderKind kind) => kind switch
    {
        ReminderKind.BeforeDeadline => "progress-reminder-before",
        ReminderKind.OnDeadline => "progress-reminder-on",
        ReminderKind.AfterDeadline => "progress-reminder-after",
        _ => "progress-escalation",
    };

    /// <summary>The cycle whose progress is being reported: not frozen and not past its conference, earliest first.</summary>
    internal static IQueryable<ReportingCycle> OpenCycle(CommitmentsDbContext db, DateOnly today) =>
        db.ReportingCycles.Where(c => c.FrozenAt == null && c.FreezesOn >= today).OrderBy(c => c.Year);

    /// <summary>
    /// Commitments that owe an update in the cycle: approved (or approved and under revision),
    /// announced in the cycle's year or before, not ended before that year, and without a submitted
    /// or approved update for the cycle.
    /// </summary>
    internal static IQueryable<Commitment> MissingUpdates(CommitmentsDbContext db, ReportingCycle cycle)
    {
        var yearStart = new DateOnly(cycle.Year, 1, 1);
        var cycleId = cycle.Id;
        var year = cycle.Year;
        return db.Commitments.AsNoTracking()
            .Where(c => c.Status == CommitmentStatus.Approved
                        || (c.ApprovedRevision != null && c.Status != CommitmentStatus.Withdrawn))
            .Where(c => c.ReportingCycle!.Year <= year && (c.EndDate == null || c.EndDate >= yearStart))
            .Where(c => !c.ProgressUpdates.Any(u => u.ReportingCycleId == cycleId
                && (u.Status == ProgressUpdateStatus.Submitted || u.Status == ProgressUpdateStatus.Approved)));
    }
}

/// <summary>One reminder to send: to whom, about what, in which language.</summary>
internal sealed record PlannedReminder(
    int CommitmentId, int CycleId, int Year, DateOnly DueOn, ReminderKind Kind, string Recipient, string Culture,
    string Title, string Organization);
