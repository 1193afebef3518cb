using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;
using Commitments.Web.Reminders;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Reminders;

/// <summary>
/// The reminder ladder rung by rung across the due date and the change to summer time, and the
/// promise that nobody gets the same reminder twice: not when the job runs twice, not when two run at
/// once, not when one crashes half-way. Each test has a database of its own and a fake clock.
/// </summary>
public sealed class ProgressReminderJobTests : IAsyncLifetime
{
    private readonly ReminderTestWorld _world = new();

    public Task InitializeAsync() => _world.InitializeAsync();

    public Task DisposeAsync() => _world.DisposeAsync();

    private async Task<int> RunAsync(int batchSize = 200)
    {
        var (job, db) = _world.ReminderJob();
        await using (db)
        {
            job.BatchSize = batchSize;
            return await job.RunAsync(CancellationToken.None);
        }
    }

    private async Task<List<(ReminderKind Kind, string Recipient)>> LogAsync()
    {
        await using var db = _world.Admin();
        return (await db.ReminderLogs.OrderBy(l => l.Id).Select(l => new { l.Kind, l.Recipient }).ToListAsync())
            .Select(l => (l.Kind, l.Recipient)).ToList();
    }

    private async Task<List<OutboxMessage>> MailAsync()
    {
        await using var db = _world.Admin();
        return await db.OutboxMessages.OrderBy(m => m.Id).ToListAsync();
    }

    private static readonly string[] PartnerRecipients = [ReminderTestWorld.DutchUser, ReminderTestWorld.EnglishUser, ReminderTestWorld.Contact];

    [Fact]
    public async Task The_ladder_sends_each_rung_on_its_Amsterdam_day_across_the_due_date_and_the_clock_change()
    {
        _world.At(new DateOnly(2026, 3, 16)); // 15 days before: nothing yet
        Assert.Equal(0, await RunAsync());

        _world.At(new DateOnly(2026, 3, 17)); // 14 days before (winter time, 06:00 UTC)
        Assert.Equal(3, await RunAsync());
        _world.At(new DateOnly(2026, 3, 18));
        Assert.Equal(0, await RunAsync());
        _world.At(new DateOnly(2026, 3, 30)); // summer time since the 29th (05:00 UTC): still before
        Assert.Equal(0, await RunAsync());

        // 00:30 on the due date in Amsterdam is still the 30th in UTC: the Amsterdam date counts.
        _world.At(ReminderTestWorld.DueOn, hour: 0);
        Assert.Equal(3, await RunAsync());
        _world.At(ReminderTestWorld.DueOn);
        Assert.Equal(0, await RunAsync());

        _world.At(new DateOnly(2026, 4, 1)); // the day after
        Assert.Equal(3, await RunAsync());
        _world.At(new DateOnly(2026, 4, 6));
        Assert.Equal(0, await RunAsync());

        _world.At(new DateOnly(2026, 4, 7)); // 7 days overdue: escalation to everyone, the lead included
        Assert.Equal(5, await RunAsync());

        var log = await LogAsync();
        Assert.Equal(PartnerRecipients.Order(), log.Where(l => l.Kind == ReminderKind.BeforeDeadline).Select(l => l.Recipient).Order());
        Assert.Equal(PartnerRecipients.Order(), log.Where(l => l.Kind == ReminderKind.OnDeadline).Select(l => l.Recipient).Order());
        Assert.Equal(PartnerRecipients.Order(), log.Where(l => l.Kind == ReminderKind.AfterDeadline).Select(l => l.Recipient).Order());
        Assert.Equal(
            PartnerRecipients.Append(ReminderTestWorld.DigestUser).Append(ReminderTestWorld.Lead).Order(),
            log.Where(l => l.Kind == ReminderKind.EscalatedToRegionalLead).Select(l => l.Recipient).Order());
        Assert.DoesNotContain(log, l => l.Recipient is "oud@drenthe.test" or ReminderTestWorld.OtherPartner);

        // One mail per log line, in the recipient's language, naming the commitment and the deadline,
        // with a link straight to the update form.
        var mail = await MailAsync();
        Assert.Equal(log.Count, mail.Count);
        var dutch = mail.First(m => m.To == ReminderTestWorld.DutchUser);
        Assert.Equal("Herinnering: voortgang van \"3/4 van de basisscholen \"Techniek\"\" uiterlijk 31-03-2026", dutch.Subject);
        Assert.Contains($"https://toezeggingen.techniekpact.nl/Progress/Update/{_world.CommitmentId}", dutch.TextBody);
        var english = mail.First(m => m.To == ReminderTestWorld.EnglishUser);
        Assert.StartsWith("Reminder: progress of", english.Subject);
        Assert.Contains("Escalatie", mail.Single(m => m.To == ReminderTestWorld.Lead).Subject);
    }

    [Fact]
    public async Task A_first_run_after_the_due_date_sends_only_what_matters_now()
    {
        _world.At(new DateOnly(2026, 4, 2));
        Assert.Equal(3, await RunAsync());
        Assert.All(await LogAsync(), l => Assert.Equal(ReminderKind.AfterDeadline, l.Kind));
    }

    [Fact]
    public async Task A_submitted_update_stops_the_reminders()
    {
        _world.At(new DateOnly(2026, 3, 17));
        await using (var db = _world.Admin())
        {
            db.ProgressUpdates.Add(new ProgressUpdate { CommitmentId = _world.CommitmentId, ReportingCycleId = _world.CycleId, Status = ProgressUpdateStatus.Submitted });
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, await RunAsync());
        _world.At(new DateOnly(2026, 4, 10));
        Assert.Equal(0, await RunAsync());
    }

    [Fact]
    public async Task Running_twice_in_a_row_sends_nothing_twice()
    {
        _world.At(new DateOnly(2026, 4, 8));
        var first = await RunAsync();
        Assert.Equal(3 + 5, first); // after the deadline, and the escalation
        Assert.Equal(0, await RunAsync());
        Assert.Equal(first, (await MailAsync()).Count);
        Assert.Equal(first, (await LogAsync()).Distinct().Count());
    }

    [Fact]
    public async Task Two_runs_at_the_same_time_send_each_reminder_once()
    {
        _world.At(new DateOnly(2026, 4, 8));
        var (a, dbA) = _world.ReminderJob();
        var (b, dbB) = _world.ReminderJob();
        await using (dbA)
        await using (dbB)
        {
            a.BatchSize = b.BatchSize = 2;
            var sent = await Task.WhenAll(a.RunAsync(CancellationToken.None), b.RunAsync(CancellationToken.None));
            Assert.Equal(8, sent.Sum());
        }
        var mail = await MailAsync();
        Assert.Equal(8, mail.Count);
        Assert.Equal(8, mail.Select(m => (m.To, m.Subject)).Distinct().Count());
        Assert.Equal(8, (await LogAsync()).Count);
    }

    [Fact]
    public async Task A_run_that_crashes_half_way_keeps_whole_batches_and_the_next_run_sends_the_rest_once()
    {
        _world.At(new DateOnly(2026, 4, 8));
        var (job, db) = _world.ReminderJob(real => new CrashingOutbox(real, after: 5));
        await using (db)
        {
            job.BatchSize = 2;
            await Assert.ThrowsAsync<IOException>(() => job.RunAsync(CancellationToken.None));
        }
        // Batches of two: two whole batches (four reminders) were saved; the fifth crashed its batch.
        Assert.Equal(4, (await MailAsync()).Count);
        Assert.Equal(4, (await LogAsync()).Count);

        Assert.Equal(4, await RunAsync());
        var log = await LogAsync();
        Assert.Equal(8, log.Count);
        Assert.Equal(8, log.Distinct().Count());
        Assert.Equal(8, (await MailAsync()).Select(m => (m.To, m.Subject)).Distinct().Count());
    }

    /// <summary>Queues through the real outbox, and fails like a crash on the given call.</summary>
    private sealed class CrashingOutbox(IEmailOutbox inner, int after) : IEmailOutbox
    {
        private int _calls;

        public void Enqueue(string to, string subject, string textBody, string? htmlBody = null)
        {
            if (++_calls == after)
            {
                throw new IOException("simulated crash");
            }
            inner.Enqueue(to, subject, textBody, htmlBody);
        }
    }
}

/// <summary>The jobs as Hangfire has them registered in the application.</summary>
public sealed class ReminderRegistrationTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Theory]
    [InlineData(ProgressReminderJob.RecurringJobId, "0 7 * * *")]
    [InlineData(WeeklyDigestJob.RecurringJobId, "0 7 * * 1")]
    public void The_jobs_are_registered_at_seven_on_Amsterdam_time(string id, string cron)
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == id);
        Assert.Equal(cron, job.Cron);
        Assert.Equal("Europe/Amsterdam", job.TimeZoneId);
    }

    [Fact]
    public async Task The_job_resolves_from_a_scope_of_its_own_without_a_user()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<ProgressReminderJob>();
        Assert.True(await job.RunAsync(CancellationToken.None) >= 0);
    }
}
