using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Progress;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Progress;

/// <summary>
/// The regional lead reviews submitted updates: approves, or returns with a required comment; the
/// partner is told in its language, corrects and resubmits. Nobody else decides.
/// </summary>
public sealed class ReviewProgressTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static string Url(int updateId) => $"/Progress/Review/{updateId}";

    private static Task<HttpResponseMessage> DecideAsync(TestBrowser browser, int updateId, string handler, string? comment = null, string? version = null) =>
        DecideWithTokenAsync(browser, updateId, handler, comment, version);

    private static async Task<HttpResponseMessage> DecideWithTokenAsync(TestBrowser browser, int updateId, string handler, string? comment, string? version)
    {
        var (_, page) = await browser.GetPageAsync(Url(updateId));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Form.Version", version ?? page.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!),
            new("Form.Comment", comment ?? ""),
        };
        return await browser.PostFormAsync($"{Url(updateId)}?handler={handler}", fields, tokenFrom: Url(updateId));
    }

    [Fact]
    public async Task The_lead_approves_and_the_partner_is_told_in_its_own_language()
    {
        var world = await ProgressWorld.CreateAsync(app, partnerCulture: "en-GB");
        var commitment = await world.CommitmentAsync("Goed bezig");
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted, value: 30);
        using var lead = await app.SignInAsync(world.LeadEmail);

        var (opened, page) = await lead.GetPageAsync(Url(update.Id));
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("25%", page.QuerySelector("table")!.TextContent); // 30 of 0 → 120
        var response = await DecideAsync(lead, update.Id, "Approve");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = world.Admin();
        var approved = await db.ProgressUpdates.SingleAsync(u => u.Id == update.Id);
        Assert.Equal(ProgressUpdateStatus.Approved, approved.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, approved.ApprovedAt);
        var review = await db.Reviews.SingleAsync(r => r.ProgressUpdateId == update.Id);
        Assert.Equal(ReviewDecision.Approved, review.Decision);
        Assert.Equal(commitment.Id, review.CommitmentId);
        Assert.Equal(1, review.Revision);
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == world.PartnerEmail);
        Assert.Equal("Progress approved: Goed bezig", mail.Subject);
        Assert.Contains($"/Progress/Update/{commitment.Id}", mail.TextBody);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ProgressApproved && a.EntityId == commitment.Id.ToString()));

        var (_, after) = await lead.GetPageAsync(Url(update.Id));
        Assert.Null(after.QuerySelector("button[formaction*=Approve]"));
        Assert.Contains("Goedgekeurd", after.QuerySelector(".status")!.TextContent);
        Assert.True(TestBrowser.IsAccessDenied(await DecideAsync(lead, update.Id, "Return", "Toch niet", approved.Version.ToString())));
    }

    [Fact]
    public async Task Returning_needs_a_comment_the_partner_reads_it_corrects_and_resubmits()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Achterstand");
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted, value: 5);
        using var lead = await app.SignInAsync(world.LeadEmail);

        var withoutComment = await DecideAsync(lead, update.Id, "Return", "   ");
        Assert.Equal(HttpStatusCode.OK, withoutComment.StatusCode);
        Assert.Contains("Schrijf bij het terugsturen wat de partner in de rapportage moet aanpassen",
            TestBrowser.Parse(await withoutComment.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent);
        await using (var db = world.Admin())
        {
            Assert.Equal(ProgressUpdateStatus.Submitted, (await db.ProgressUpdates.SingleAsync(u => u.Id == update.Id)).Status);
            Assert.False(await db.Reviews.AnyAsync(r => r.ProgressUpdateId == update.Id));
        }

        const string comment = "Licht toe waarom \"5\" < 10 is;\nen voeg het verslag toe.";
        var returned = await DecideAsync(lead, update.Id, "Return", comment);
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        await using (var db = world.Admin())
        {
            var saved = await db.ProgressUpdates.SingleAsync(u => u.Id == update.Id);
            Assert.Equal(ProgressUpdateStatus.Returned, saved.Status);
            Assert.Equal(comment, saved.ReturnComment);
            Assert.Equal(comment, (await db.Reviews.SingleAsync(r => r.ProgressUpdateId == update.Id)).Comment);
            var mail = await db.OutboxMessages.SingleAsync(m => m.To == world.PartnerEmail);
            Assert.Equal("Voortgang teruggestuurd: Achterstand", mail.Subject);
            Assert.Contains(comment, mail.TextBody);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ProgressReturned && a.EntityId == commitment.Id.ToString()));
        }

        using var partner = await app.SignInAsync(world.PartnerEmail);
        var (_, form) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        Assert.Contains(comment, form.QuerySelector(".notice")!.TextContent);
        Assert.NotNull(form.QuerySelector("form[enctype='multipart/form-data']"));
        var resubmitted = await ProgressForm.PostAsync(partner, commitment.Id,
            [($"Form.Values[{commitment.Indicators[0].Id}]", "8"), ("Form.Health", "Behind"), ("Form.Narrative", "Werving loopt achter; verslag volgt."), ("Form.Intent", "submit")]);

        Assert.Equal(HttpStatusCode.Redirect, resubmitted.StatusCode);
        await using var check = world.Admin();
        var again = await check.ProgressUpdates.Include(u => u.Values).SingleAsync(u => u.Id == update.Id);
        Assert.Equal(ProgressUpdateStatus.Submitted, again.Status);
        Assert.Null(again.ReturnComment);
        Assert.Equal(8m, again.Values.Single().Value);
        Assert.Contains(update.Id, (await SubmittedFor(world.RegionId)).Select(r => r.Id));
    }

    [Fact]
    public async Task A_partner_cannot_review_and_nothing_changes()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Zelf beoordelen");
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted);
        using var lead = await app.SignInAsync(world.LeadEmail);
        var (_, page) = await lead.GetPageAsync(Url(update.Id));
        var version = page.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;
        using var partner = await app.SignInAsync(world.PartnerEmail);

        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync(Url(update.Id))));
        var forged = await partner.PostFormAsync($"{Url(update.Id)}?handler=Approve",
            [new("Form.Version", version), new("Form.Comment", "")], tokenFrom: "/");
        Assert.True(TestBrowser.IsAccessDenied(forged));
        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);
        Assert.True(TestBrowser.IsAccessDenied(await ministry.PostFormAsync($"{Url(update.Id)}?handler=Approve",
            [new("Form.Version", version)], tokenFrom: "/")));
        using var otherLead = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLead.PostFormAsync($"{Url(update.Id)}?handler=Approve",
            [new("Form.Version", version)], tokenFrom: "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherLead.GetAsync(Url(update.Id))).StatusCode);

        await using var db = world.Admin();
        Assert.Equal(ProgressUpdateStatus.Submitted, (await db.ProgressUpdates.SingleAsync(u => u.Id == update.Id)).Status);
        Assert.False(await db.Reviews.AnyAsync(r => r.ProgressUpdateId == update.Id));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == world.PartnerEmail));
    }

    [Fact]
    public async Task The_data_layer_refuses_a_review_written_by_a_partner()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Bewaakt");
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted);
        string reviewer;
        await using (var admin = world.Admin())
        {
            reviewer = (await admin.Users.SingleAsync(u => u.Email == world.PartnerEmail)).Id;
        }
        await using var db = app.CreateDbContext(DataScope.ForOrganization(world.PartnerOrganizationId, "partner in test"));
        var own = await db.ProgressUpdates.SingleAsync(u => u.Id == update.Id);
        db.Reviews.Add(own.Approve(reviewer, 1, app.Time.GetUtcNow().UtcDateTime));

        await Assert.ThrowsAsync<DataScopeViolationException>(() => db.SaveChangesAsync());
        await using var check = world.Admin();
        Assert.Equal(ProgressUpdateStatus.Submitted, (await check.ProgressUpdates.SingleAsync(u => u.Id == update.Id)).Status);
    }

    [Fact]
    public async Task A_decision_on_an_update_that_changed_since_it_was_opened_is_refused()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Verouderd besluit");
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted);

        using var lead = await app.SignInAsync(world.LeadEmail);
        var stale = await DecideAsync(lead, update.Id, "Approve", version: Guid.NewGuid().ToString());
        var forged = await DecideAsync(lead, update.Id, "Approve", version: "geen-versie");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("uw besluit is niet opgeslagen", await stale.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        await using var db = world.Admin();
        Assert.Equal(ProgressUpdateStatus.Submitted, (await db.ProgressUpdates.SingleAsync(u => u.Id == update.Id)).Status);
    }

    [Fact]
    public async Task Submitted_updates_for_the_review_queue_are_those_of_the_leads_region_oldest_first()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var first = await world.UpdateAsync((await world.CommitmentAsync("Eerst ingediend")).Id, ProgressUpdateStatus.Submitted);
        app.Time.Advance(TimeSpan.FromHours(1));
        var second = await world.UpdateAsync((await world.CommitmentAsync("Later ingediend")).Id, ProgressUpdateStatus.Submitted);
        await world.UpdateAsync((await world.CommitmentAsync("Nog concept")).Id, ProgressUpdateStatus.Draft);
        await world.UpdateAsync((await world.CommitmentAsync("Al goedgekeurd")).Id, ProgressUpdateStatus.Approved);

        var rows = await SubmittedFor(world.RegionId);

        Assert.Equal([first.Id, second.Id], rows.Select(r => r.Id));
        Assert.Equal("Eerst ingediend", rows[0].Title);
        Assert.Equal(ProgressWorld.CycleYear, rows[0].Year);
        await using var zuid = app.CreateDbContext(DataScope.ForRegion(await RegionIdAsync("zuid"), "lead zuid"));
        Assert.DoesNotContain(await SubmittedProgressUpdates.ListAsync(zuid, 0, 100, CancellationToken.None), r => r.Id == first.Id);
    }

    private async Task<List<SubmittedProgressUpdates.Row>> SubmittedFor(int regionId)
    {
        await using var db = app.CreateDbContext(DataScope.ForRegion(regionId, "lead in test"));
        return await SubmittedProgressUpdates.ListAsync(db, 0, 100, CancellationToken.None);
    }

    private async Task<int> RegionIdAsync(string code)
    {
        await using var db = app.CreateAdminDbContext();
        return (await db.Regions.SingleAsync(r => r.Code == code)).Id;
    }
}
