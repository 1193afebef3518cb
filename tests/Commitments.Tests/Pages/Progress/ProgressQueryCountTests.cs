using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Progress;

/// <summary>The progress pages read with a fixed number of queries, however many indicators, values, years and evidence.</summary>
public sealed class ProgressQueryCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    [Fact]
    public async Task Update_review_and_history_pages_do_not_grow_with_the_data()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var small = await world.CommitmentAsync("Klein");
        var big = await world.CommitmentAsync("Groot", indicators: [.. Enumerable.Range(1, 6).Select(i => ($"indicator {i}", 0m, (decimal?)(i * 10m)))]);
        var smallUpdate = await world.UpdateAsync(small.Id, ProgressUpdateStatus.Submitted);
        var bigUpdate = await world.UpdateAsync(big.Id, ProgressUpdateStatus.Submitted, value: 3);
        await using (var db = world.Admin())
        {
            var cycles = await db.ReportingCycles.Where(c => c.Year < ProgressWorld.CycleYear).Select(c => c.Id).ToListAsync();
            foreach (var cycle in cycles)
            {
                await world.UpdateAsync(big.Id, ProgressUpdateStatus.Approved, value: 1, cycleId: cycle);
            }
            var update = await db.ProgressUpdates.SingleAsync(u => u.Id == bigUpdate.Id);
            for (var i = 0; i < 5; i++)
            {
                update.Evidence.Add(new ProgressEvidence { Url = $"https://example.nl/{i}", AddedAt = update.CreatedAt });
            }
            await db.SaveChangesAsync();
        }
        using var lead = await app.SignInAsync(world.LeadEmail);

        Assert.Equal(await CommandsForAsync(lead, ProgressForm.Url(small.Id)), await CommandsForAsync(lead, ProgressForm.Url(big.Id)));
        Assert.Equal(await CommandsForAsync(lead, $"/Progress/Review/{smallUpdate.Id}"), await CommandsForAsync(lead, $"/Progress/Review/{bigUpdate.Id}"));
        Assert.Equal(await CommandsForAsync(lead, $"/Progress/History/{small.Id}"), await CommandsForAsync(lead, $"/Progress/History/{big.Id}"));
        // Counted with the lead's navigation, which adds one COUNT of its review queue to every page.
        Assert.InRange(await CommandsForAsync(lead, ProgressForm.Url(big.Id)), 1, 7);
        Assert.InRange(await CommandsForAsync(lead, $"/Progress/Review/{bigUpdate.Id}"), 1, 9);
        Assert.InRange(await CommandsForAsync(lead, $"/Progress/History/{big.Id}"), 1, 5);
    }
}
