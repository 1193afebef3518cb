using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Progress;

/// <summary>A frozen cycle takes no updates: a form opened before the freeze is refused, and without an open cycle the page says so.</summary>
public sealed class FrozenCycleTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_form_opened_before_the_cycle_was_frozen_saves_nothing_and_without_an_open_cycle_the_page_says_so()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Net te laat");
        using var partner = await app.SignInAsync(world.PartnerEmail);
        var (_, form) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        // The form's hidden fields: cycle, version and anti-forgery token.
        var hidden = form.QuerySelectorAll("form[enctype='multipart/form-data'] input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .ToList();
        Assert.Equal(3, hidden.Count);

        await using (var db = world.Admin())
        {
            foreach (var cycle in await db.ReportingCycles.ToListAsync())
            {
                cycle.FrozenAt = app.Time.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync();
        }
        var late = await partner.Client.PostAsync(ProgressForm.Url(commitment.Id), new FormUrlEncodedContent(hidden.Concat(
            [new("Form.Health", "OnTrack"), new("Form.Intent", "submit")])));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var page = TestBrowser.Parse(await late.Content.ReadAsStringAsync());
        Assert.Contains("geen open rapportagejaar", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("form[enctype='multipart/form-data']"));
        await using (var db = world.Admin())
        {
            Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
        }

        using var lead = await app.SignInAsync(world.LeadEmail);
        var (overview, list) = await lead.GetPageAsync("/Progress/NotReported");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("Er is geen open rapportagejaar", list.QuerySelector("main")!.TextContent);
    }

}

/// <summary>A frozen cycle takes no decisions (a class of its own: it freezes the cycle the other tests report in).</summary>
public sealed class FrozenCycleReviewTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_submitted_update_of_a_frozen_cycle_can_no_longer_be_reviewed()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Bevroren");
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted);
        await using (var db = world.Admin())
        {
            (await db.ReportingCycles.SingleAsync(c => c.Id == world.CycleId)).FrozenAt = app.Time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }
        using var lead = await app.SignInAsync(world.LeadEmail);

        var (_, page) = await lead.GetPageAsync($"/Progress/Review/{update.Id}");
        Assert.Contains("Dit rapportagejaar is afgesloten", page.QuerySelector("main")!.TextContent);
        var post = await lead.PostFormAsync($"/Progress/Review/{update.Id}?handler=Approve",
            [new("Form.Version", update.Version.ToString())], tokenFrom: "/");

        Assert.True(TestBrowser.IsAccessDenied(post));
        await using var check = world.Admin();
        Assert.Equal(ProgressUpdateStatus.Submitted, (await check.ProgressUpdates.SingleAsync(u => u.Id == update.Id)).Status);
    }
}
