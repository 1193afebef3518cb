using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Reminders;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Reminders;

/// <summary>The reminder job as Hangfire runs it: in a DI scope of its own, with no user.</summary>
public sealed class ProgressReminderJobTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> RunJobAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProgressReminderJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_job_is_registered_daily_at_seven_on_Amsterdam_time()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == ProgressReminderJob.RecurringJobId);
        Assert.Equal("0 7 * * *", job.Cron);
        Assert.Equal("Europe/Amsterdam", job.TimeZoneId);
    }

    [Fact]
    public async Task Without_a_user_the_job_widens_its_own_scope_and_finds_the_open_cycles_missing_updates()
    {
        // 1 May 2018: the 2018 cycle is open and no approved commitment has reported for it yet.
        await using var db = app.CreateAdminDbContext();
        var approved = await db.Commitments.CountAsync(c => c.Status == CommitmentStatus.Approved);
        var regions = await db.Commitments.Where(c => c.Status == CommitmentStatus.Approved)
            .Select(c => c.Organization!.RegionId).Distinct().CountAsync();
        Assert.True(regions > 1);
        Assert.Equal(approved, await RunJobAsync());

        // 1 April 2019: the 2019 cycle is open and every approved commitment has reported for it.
        app.Time.SetUtcNow(new DateTimeOffset(2019, 4, 1, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await RunJobAsync());
    }
}
