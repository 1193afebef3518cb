using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Pages.Admin;

/// <summary>The administrator runs the reminders now, reads what was sent, and retries failed mail.</summary>
public sealed class RemindersPageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Run_now_queues_the_reminder_job_in_hangfire()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var before = monitoring.EnqueuedCount("default");
        var response = await admin.PostFormAsync("/Admin/Reminders?handler=RunNow");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var jobs = monitoring.EnqueuedJobs("default", 0, 100);
        Assert.Equal(before + 1, monitoring.EnqueuedCount("default"));
        Assert.Contains(jobs, j => j.Value.Job.Type.Name == "ProgressReminderJob");
    }

    [Fact]
    public async Task The_log_shows_who_got_which_reminder_and_a_failed_mail_can_be_retried()
    {
        long failedId;
        await using (var db = app.CreateAdminDbContext())
        {
            var commitment = await db.Commitments.FirstAsync(c => c.Status == CommitmentStatus.Approved);
            var cycle = await db.ReportingCycles.FirstAsync();
            db.ReminderLogs.Add(new ReminderLog { CommitmentId = commitment.Id, ReportingCycleId = cycle.Id, Kind = ReminderKind.OnDeadline, Recipient = "log@drenthe.test", SentAt = DateTime.UtcNow });
            var failed = new OutboxMessage { To = "kapot@drenthe.test", Subject = "Herinnering <b>", TextBody = "x", Attempts = 8, FailedAt = DateTime.UtcNow, LastError = "550 mailbox unavailable" };
            db.OutboxMessages.Add(failed);
            await db.SaveChangesAsync();
            failedId = failed.Id;
        }
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (page, document) = await admin.GetPageAsync("/Admin/Reminders");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("log@drenthe.test", document.Body!.TextContent);
        Assert.Contains("Herinnering op de laatste dag", document.Body.TextContent);
        Assert.Contains("Herinnering <b>", document.Body.TextContent); // shown as typed, not as markup
        Assert.Contains("550 mailbox unavailable", document.Body.TextContent);

        var retry = await admin.PostFormAsync($"/Admin/Reminders?handler=Retry&id={failedId}");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var message = await check.OutboxMessages.SingleAsync(m => m.Id == failedId);
        Assert.Null(message.FailedAt);
        Assert.Equal(0, message.Attempts);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostFormAsync("/Admin/Reminders?handler=Retry&id=999999", [], tokenFrom: "/Admin/Reminders")).StatusCode);
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe)]
    [InlineData(DemoAccounts.TrekkerNoord)]
    [InlineData(DemoAccounts.Ocw)]
    public async Task Other_roles_cannot_open_it(string account)
    {
        using var user = await app.SignInAsync(account);
        Assert.True(TestBrowser.IsAccessDenied(await user.GetAsync("/Admin/Reminders")));
    }
}
