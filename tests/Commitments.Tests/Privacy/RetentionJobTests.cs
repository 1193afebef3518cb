using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Privacy;

/// <summary>
/// The nightly retention job removes old sent mail, finished invitations and reminder logs of years
/// that are over, and leaves everything still needed: waiting mail, open invitations, and the logs that
/// keep this year's reminders exactly-once.
/// </summary>
public sealed class RetentionJobTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Old_sent_mail_finished_invitations_and_logs_of_past_years_go_and_what_is_still_needed_stays()
    {
        var now = app.Time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        DateTime DaysAgo(int days) => now.AddDays(-days);

        long oldSent, recentSent, oldWaiting, oldFailed;
        int acceptedLongAgo, expiredLongAgo, open, acceptedRecently;
        long frozenLog, pastLog, openLog, recentPastLog;
        long oldDigest, recentDigest;
        await using (var db = app.CreateAdminDbContext())
        {
            var commitmentId = await db.Commitments.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            var inviter = await db.Users.Select(u => u.Id).FirstAsync();
            var frozen = new ReportingCycle { Year = 2101, UpdatesDueOn = today.AddYears(-2), FreezesOn = today.AddYears(-2).AddDays(60), FrozenAt = DaysAgo(600) };
            var past = new ReportingCycle { Year = 2102, UpdatesDueOn = today.AddYears(-1).AddDays(-60), FreezesOn = today.AddYears(-1).AddDays(-10) };
            var still = new ReportingCycle { Year = 2103, UpdatesDueOn = today.AddDays(30), FreezesOn = today.AddDays(60) };
            db.ReportingCycles.AddRange(frozen, past, still);

            OutboxMessage Mail(DateTime? sent, DateTime? failed) => new()
            {
                To = "oud@drenthe.test", Subject = "Bewaartermijn", TextBody = "x", CreatedAt = DaysAgo(100), NextAttemptAt = DaysAgo(100),
                SentAt = sent, FailedAt = failed,
            };
            var mails = new[] { Mail(DaysAgo(31), null), Mail(DaysAgo(29), null), Mail(null, null), Mail(null, DaysAgo(31)) };
            db.OutboxMessages.AddRange(mails);

            Invitation Invite(string email, DateTime expires, DateTime? accepted) => new()
            {
                Email = email, Role = Roles.Partner, TokenHash = Guid.NewGuid().ToString("N"), InvitedByUserId = inviter,
                CreatedAt = expires.AddDays(-14), ExpiresAt = expires, AcceptedAt = accepted,
            };
            var invitations = new[]
            {
                Invite("geaccepteerd.lang.geleden@drenthe.test", DaysAgo(95), DaysAgo(91)),
                Invite("verlopen.lang.geleden@drenthe.test", DaysAgo(91), null),
                Invite("open@drenthe.test", DaysAgo(-10), null),
                Invite("geaccepteerd.onlangs@drenthe.test", DaysAgo(80), DaysAgo(89)),
            };
            db.Invitations.AddRange(invitations);
            await db.SaveChangesAsync();

            ReminderLog Log(ReportingCycle cycle, int days, string to) => new()
            {
                CommitmentId = commitmentId, ReportingCycleId = cycle.Id, Kind = ReminderKind.OnDeadline, Recipient = to, SentAt = DaysAgo(days),
            };
            var logs = new[] { Log(frozen, 500, "a@drenthe.test"), Log(past, 450, "b@drenthe.test"), Log(still, 500, "c@drenthe.test"), Log(past, 100, "d@drenthe.test") };
            db.ReminderLogs.AddRange(logs);
            var digests = new[]
            {
                new DigestLog { Recipient = "e@drenthe.test", Kind = "partner", WeekOf = today.AddDays(-420), SentAt = DaysAgo(420) },
                new DigestLog { Recipient = "e@drenthe.test", Kind = "partner", WeekOf = today.AddDays(-7), SentAt = DaysAgo(7) },
            };
            db.DigestLogs.AddRange(digests);
            await db.SaveChangesAsync();
            (oldSent, recentSent, oldWaiting, oldFailed) = (mails[0].Id, mails[1].Id, mails[2].Id, mails[3].Id);
            (acceptedLongAgo, expiredLongAgo, open, acceptedRecently) = (invitations[0].Id, invitations[1].Id, invitations[2].Id, invitations[3].Id);
            (frozenLog, pastLog, openLog, recentPastLog) = (logs[0].Id, logs[1].Id, logs[2].Id, logs[3].Id);
            (oldDigest, recentDigest) = (digests[0].Id, digests[1].Id);
        }

        RetentionJob.Result result;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As under Hangfire: no user, no scope; the job widens it itself.
            result = await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None);
        }

        await using (var db = app.CreateAdminDbContext())
        {
            var mails = await db.OutboxMessages.Select(m => m.Id).ToListAsync();
            Assert.DoesNotContain(oldSent, mails);
            Assert.DoesNotContain(oldFailed, mails);
            Assert.Contains(recentSent, mails);
            Assert.Contains(oldWaiting, mails); // never sent: still to be delivered
            var invitations = await db.Invitations.Select(i => i.Id).ToListAsync();
            Assert.DoesNotContain(acceptedLongAgo, invitations);
            Assert.DoesNotContain(expiredLongAgo, invitations);
            Assert.Contains(open, invitations);
            Assert.Contains(acceptedRecently, invitations);
            var logs = await db.ReminderLogs.Select(l => l.Id).ToListAsync();
            Assert.DoesNotContain(frozenLog, logs);
            Assert.DoesNotContain(pastLog, logs);
            Assert.Contains(openLog, logs); // the reminder job still chases this year: its log keeps reminders exactly-once
            Assert.Contains(recentPastLog, logs);
            var digests = await db.DigestLogs.Select(l => l.Id).ToListAsync();
            Assert.DoesNotContain(oldDigest, digests);
            Assert.Contains(recentDigest, digests);
        }
        Assert.True(result.Mail >= 2 && result.Invitations >= 2 && result.ReminderLogs >= 2 && result.DigestLogs >= 1);

        // A second run (Hangfire retry, another server) finds nothing more to do.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(new RetentionJob.Result(0, 0, 0, 0), await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(CancellationToken.None));
        }
    }
}
