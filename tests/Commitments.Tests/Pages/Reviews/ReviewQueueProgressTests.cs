using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reviews;

/// <summary>Progress updates wait for the regional lead in the same queue as commitments.</summary>
public sealed class ReviewQueueProgressTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_submitted_progress_update_is_in_its_regions_queue_only()
    {
        string title;
        int updateId;
        await using (var db = app.CreateAdminDbContext())
        {
            var commitment = await db.Commitments.Include(c => c.Organization)
                .Where(c => c.Status == CommitmentStatus.Approved && c.Organization!.Region!.Code == "noord")
                .OrderBy(c => c.Id).FirstAsync();
            var cycle = await db.ReportingCycles.Where(c => c.FrozenAt == null).OrderByDescending(c => c.Year).FirstAsync();
            var update = await db.ProgressUpdates.FirstOrDefaultAsync(u => u.CommitmentId == commitment.Id && u.ReportingCycleId == cycle.Id);
            if (update == null)
            {
                update = new ProgressUpdate { CommitmentId = commitment.Id, ReportingCycleId = cycle.Id };
                db.ProgressUpdates.Add(update);
            }
            update.Status = ProgressUpdateStatus.Submitted;
            update.SubmittedAt = app.Time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
            (title, updateId) = (commitment.Title, update.Id);
        }

        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (_, page) = await noord.GetPageAsync("/Reviews");
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/Progress/Review/{updateId}" && a.TextContent == title);

        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        var (_, other) = await zuid.GetPageAsync("/Reviews");
        Assert.DoesNotContain(other.QuerySelectorAll("a"), a => a.GetAttribute("href") == $"/Progress/Review/{updateId}");
    }
}
