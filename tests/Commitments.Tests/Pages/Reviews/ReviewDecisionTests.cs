using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reviews;

/// <summary>The review page: what the lead reads, and approving or returning — with everything that follows from it.</summary>
public sealed class ReviewDecisionTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private const string ReturnRefused = "Schrijf bij het terugsturen wat de partner moet aanpassen.";
    private const string ChangedMeanwhile = "Deze toezegging is gewijzigd of beoordeeld nadat u haar opende";

    private static string Url(int id, string? handler = null) => $"/Reviews/Review/{id}" + (handler is null ? "" : $"?handler={handler}");

    private static Guid VersionOn(IHtmlDocument page) => Guid.Parse(page.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!);

    private async Task<(int Reviews, int Audit, int Outbox)> TracesAsync(int id)
    {
        await using var db = app.CreateAdminDbContext();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (await db.Reviews.CountAsync(r => r.CommitmentId == id),
            await db.AuditEntries.CountAsync(a => a.EntityType == nameof(Commitment) && a.EntityId == key),
            await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task The_lead_approves_a_revision_which_becomes_the_approved_content_and_the_partner_is_mailed()
    {
        await using var db = app.CreateAdminDbContext();
        var revision = await db.Commitments.Include(c => c.Organization)
            .FirstAsync(c => c.Status == CommitmentStatus.Submitted && c.ApprovedRevision != null && c.Organization!.Name == DemoAccounts.Drenthe);
        var approvedBefore = CommitmentContent.FromJson(revision.ApprovedContent)!;
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var (response, page) = await lead.GetPageAsync(Url(revision.Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(revision.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal($"revisie {revision.Revision}", page.QuerySelector(".revision")!.TextContent);
        // What changed since the approved revision, field by field.
        Assert.Equal($"Gewijzigd sinds de goedgekeurde revisie {approvedBefore.Revision}", page.QuerySelectorAll("h2").Select(h => h.TextContent).Single(t => t.StartsWith("Gewijzigd", StringComparison.Ordinal)));
        var changes = page.QuerySelectorAll("table.changes tbody tr").Select(tr => (tr.QuerySelector("th")!.TextContent, tr.QuerySelectorAll("td")[0].TextContent, tr.QuerySelectorAll("td")[1].TextContent)).ToList();
        Assert.Contains(("Budget", "€ 250.000,00", "€ 310.000,00"), changes);
        Assert.Contains(changes, c => c.Item1 == "Indicator" && c.Item2 == "–" && c.Item3.StartsWith("erkende leerbedrijven energietechniek (aantal): 12 → 40", StringComparison.Ordinal));
        // The lead reads; the only thing it can type is its comment.
        Assert.Equal(["Form.Comment", "Form.Version", "__RequestVerificationToken"],
            page.QuerySelectorAll("main form[method=post] [name]").Select(e => e.GetAttribute("name")!).Order(StringComparer.Ordinal));
        Assert.Contains("Drenthe College", page.QuerySelector("main table tbody")!.TextContent);
        Assert.Contains("Bevestigd", page.QuerySelector("main table tbody")!.TextContent);

        var approved = await lead.PostFormAsync(Url(revision.Id, "Approve"), ReviewTestData.Decision(VersionOn(page)), tokenFrom: Url(revision.Id));

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("/Reviews", approved.Headers.Location!.OriginalString);
        var (_, queue) = await lead.GetPageAsync("/Reviews");
        Assert.Contains("is goedgekeurd", queue.QuerySelector(".notice")!.TextContent);
        Assert.DoesNotContain(queue.QuerySelectorAll("tbody a").Select(a => a.TextContent), t => t == revision.Title);

        var after = await ReviewTestData.ReloadAsync(app, revision.Id);
        Assert.Equal(CommitmentStatus.Approved, after.Status);
        Assert.Equal(revision.Revision, after.ApprovedRevision);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, after.ApprovedAt);
        var content = CommitmentContent.FromJson(after.ApprovedContent)!;
        Assert.Equal(revision.Revision, content.Revision);
        Assert.Equal(310_000m, content.BudgetEuros);
        Assert.Equal(after.Indicators.Count, content.Indicators.Count);
        var review = after.Reviews.OrderBy(r => r.Id).Last();
        Assert.Equal((ReviewDecision.Approved, revision.Revision), (review.Decision, review.Revision));
        await using var check = app.CreateAdminDbContext();
        var leadId = await check.Users.Where(u => u.Email == DemoAccounts.TrekkerNoord).Select(u => u.Id).SingleAsync();
        Assert.Equal(leadId, review.ReviewerUserId);
        var line = await check.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.EntityId == revision.Id.ToString());
        Assert.Equal((AuditActions.CommitmentApproved, DemoAccounts.TrekkerNoord), (line.Action, line.UserName));
        Assert.Equal(revision.Revision, HistoryDetails.Parse(line.Details)!.Revision);
        var mail = await check.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerDrenthe && m.Subject == $"Goedgekeurd: {revision.Title}");
        Assert.Contains($"/Commitments/Details/{revision.Id}", mail.TextBody);
    }

    [Fact]
    public async Task The_lead_returns_with_a_comment_kept_exactly_the_partner_sees_it_and_is_mailed_in_its_own_language()
    {
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.GroningenBusiness, "Installatietechniek in de klas", daysAgo: 3);
        await using (var db = app.CreateAdminDbContext())
        {
            var partner = await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerGroningen);
            partner.Culture = "en-GB";
            await db.SaveChangesAsync();
        }
        const string comment = "Vul per jaar een doel in: 3/4 van de \"scholen\" <script>alert('x')</script> =SOM(A1) 00123 😀\nTweede regel.";
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var returned = await lead.PostFormAsync(Url(commitment.Id, "Return"), ReviewTestData.Decision(commitment.Version, comment), tokenFrom: Url(commitment.Id));

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var after = await ReviewTestData.ReloadAsync(app, commitment.Id);
        Assert.Equal(CommitmentStatus.Returned, after.Status);
        Assert.Equal(comment, after.ReturnComment);
        var review = Assert.Single(after.Reviews);
        Assert.Equal((ReviewDecision.Returned, comment), (review.Decision, review.Comment));
        await using var check = app.CreateAdminDbContext();
        var line = await check.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.EntityId == commitment.Id.ToString());
        Assert.Equal(AuditActions.CommitmentReturned, line.Action);
        Assert.Equal(comment, HistoryDetails.Parse(line.Details)!.Comment);
        var mail = await check.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerGroningen);
        Assert.Equal("Returned: Installatietechniek in de klas", mail.Subject);
        Assert.Contains(comment, mail.TextBody);

        using var partnerBrowser = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        var (_, details) = await partnerBrowser.GetPageAsync($"/Commitments/Details/{commitment.Id}");
        Assert.Contains("<script>alert('x')</script>", details.Body!.TextContent); // shown as text
        Assert.Contains("3/4 van de \"scholen\"", details.Body.TextContent);
        Assert.Empty(details.QuerySelectorAll("script"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n  ")]
    public async Task Returning_without_a_comment_is_refused_with_a_message_and_nothing_is_saved(string? comment)
    {
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, $"Zonder toelichting {Guid.NewGuid():N}");
        var traces = await TracesAsync(commitment.Id);
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var response = await lead.PostFormAsync(Url(commitment.Id, "Return"), ReviewTestData.Decision(commitment.Version, comment), tokenFrom: Url(commitment.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(ReturnRefused, page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("#Form_Comment", page.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Equal("true", page.QuerySelector("#Form_Comment")!.GetAttribute("aria-invalid"));
        Assert.Contains(ReturnRefused, page.QuerySelector("#Form_Comment_error")!.TextContent);
        var after = await ReviewTestData.ReloadAsync(app, commitment.Id);
        Assert.Equal((CommitmentStatus.Submitted, commitment.Version, (string?)null), (after.Status, after.Version, after.ReturnComment));
        Assert.Equal(traces, await TracesAsync(commitment.Id));
    }

    [Fact]
    public async Task A_comment_longer_than_the_maximum_is_refused_and_kept_in_the_form_while_one_of_exactly_the_maximum_is_saved_whole()
    {
        var tooLong = new string('x', Commitment.ReasonMaxLength) + "y";
        var exactly = "Begin " + new string('é', Commitment.ReasonMaxLength - 10) + " end";
        Assert.Equal(Commitment.ReasonMaxLength, exactly.Length);
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, "Lange toelichting");
        var traces = await TracesAsync(commitment.Id);
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var refused = await lead.PostFormAsync(Url(commitment.Id, "Return"), ReviewTestData.Decision(commitment.Version, tooLong), tokenFrom: Url(commitment.Id));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = TestBrowser.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("De toelichting is 4.001 tekens lang; er passen er ten hoogste 4.000 in.", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal(tooLong, page.QuerySelector("#Form_Comment")!.TextContent);
        Assert.Equal(traces, await TracesAsync(commitment.Id));
        // Approving with an over-long comment is refused the same way.
        var approve = await lead.PostFormAsync(Url(commitment.Id, "Approve"), ReviewTestData.Decision(commitment.Version, tooLong), tokenFrom: Url(commitment.Id));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(CommitmentStatus.Submitted, (await ReviewTestData.ReloadAsync(app, commitment.Id)).Status);

        var saved = await lead.PostFormAsync(Url(commitment.Id, "Return"), ReviewTestData.Decision(commitment.Version, exactly), tokenFrom: Url(commitment.Id));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(exactly, (await ReviewTestData.ReloadAsync(app, commitment.Id)).ReturnComment);
    }

    [Fact]
    public async Task A_decision_on_a_commitment_changed_since_the_page_was_opened_is_refused_and_the_current_version_shown()
    {
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, "Wordt intussen gewijzigd");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (_, opened) = await lead.GetPageAsync(Url(commitment.Id));
        await using (var db = app.CreateAdminDbContext())
        {
            var c = await db.Commitments.SingleAsync(x => x.Id == commitment.Id);
            c.Description = "Nieuwe omschrijving, na het openen van de beoordeling.";
            await db.SaveChangesAsync();
        }

        var stale = await lead.PostFormAsync(Url(commitment.Id, "Return"), ReviewTestData.Decision(VersionOn(opened), "Graag aanpassen."), tokenFrom: Url(commitment.Id));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var page = TestBrowser.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Contains(ChangedMeanwhile, page.QuerySelector(".error-summary")!.TextContent);
        Assert.Contains("Nieuwe omschrijving, na het openen van de beoordeling.", page.Body!.TextContent);
        Assert.Equal("Graag aanpassen.", page.QuerySelector("#Form_Comment")!.TextContent); // the comment typed is kept
        var after = await ReviewTestData.ReloadAsync(app, commitment.Id);
        Assert.Equal(CommitmentStatus.Submitted, after.Status);
        Assert.Empty(after.Reviews);

        // Deciding again from the page shown, on the version now read, works.
        var again = await lead.PostFormAsync(Url(commitment.Id, "Approve"), ReviewTestData.Decision(VersionOn(page)), tokenFrom: Url(commitment.Id));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(CommitmentStatus.Approved, (await ReviewTestData.ReloadAsync(app, commitment.Id)).Status);
    }

    [Fact]
    public async Task When_another_reviewer_decided_first_the_second_decision_is_refused()
    {
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, "Twee beoordelaars");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (_, leadPage) = await lead.GetPageAsync(Url(commitment.Id));
        var (_, adminPage) = await admin.GetPageAsync(Url(commitment.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(Url(commitment.Id, "Approve"), ReviewTestData.Decision(VersionOn(adminPage)), tokenFrom: Url(commitment.Id))).StatusCode);
        var late = await lead.PostFormAsync(Url(commitment.Id, "Return"), ReviewTestData.Decision(VersionOn(leadPage), "Te laat."), tokenFrom: Url(commitment.Id));

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        var page = TestBrowser.Parse(await late.Content.ReadAsStringAsync());
        Assert.Contains(ChangedMeanwhile, page.QuerySelector(".error-summary")!.TextContent);
        Assert.Contains("wacht niet op uw beoordeling (status: Goedgekeurd)", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("button[formaction*='handler=Approve']"));
        var after = await ReviewTestData.ReloadAsync(app, commitment.Id);
        Assert.Equal(CommitmentStatus.Approved, after.Status);
        Assert.Equal(ReviewDecision.Approved, Assert.Single(after.Reviews).Decision);
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe)]
    [InlineData(DemoAccounts.Ocw)]
    public async Task A_partner_cannot_approve_its_own_commitment_and_a_ministry_cannot_approve_by_posting_to_the_review_handler(string account)
    {
        var own = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, $"Eigen goedkeuring {account}");
        var traces = await TracesAsync(own.Id);
        using var browser = await app.SignInAsync(account);

        Assert.True(TestBrowser.IsAccessDenied(await browser.GetAsync(Url(own.Id))));
        foreach (var handler in new[] { "Approve", "Return" })
        {
            var post = await browser.PostFormAsync(Url(own.Id, handler), ReviewTestData.Decision(own.Version, "Zelf beoordeeld"), tokenFrom: "/");
            Assert.True(TestBrowser.IsAccessDenied(post), $"{account} {handler}: {(int)post.StatusCode}");
        }
        var after = await ReviewTestData.ReloadAsync(app, own.Id);
        Assert.Equal((CommitmentStatus.Submitted, own.Version), (after.Status, after.Version));
        Assert.Equal(traces, await TracesAsync(own.Id));
    }

    [Fact]
    public async Task A_commitment_that_is_not_submitted_is_shown_without_decision_and_a_posted_decision_is_refused()
    {
        await using var db = app.CreateAdminDbContext();
        var approved = await db.Commitments.FirstAsync(c => c.Status == CommitmentStatus.Approved && c.Organization!.Region!.Code == "noord");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var (response, page) = await lead.GetPageAsync(Url(approved.Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Deze toezegging wacht niet op uw beoordeling (status: Goedgekeurd).", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("#Form_Comment"));

        var post = await lead.PostFormAsync(Url(approved.Id, "Return"), ReviewTestData.Decision(approved.Version, "Toch terug"), tokenFrom: "/Reviews");
        Assert.True(TestBrowser.IsAccessDenied(post));
        Assert.Equal(approved.Version, (await ReviewTestData.ReloadAsync(app, approved.Id)).Version);
    }

    [Theory]
    [InlineData("/Reviews/Review/999999")]
    [InlineData("/Reviews/Review/99999999999")]
    [InlineData("/Reviews/Review/abc")]
    [InlineData("/Reviews/Review/-1")]
    [InlineData("/Reviews/Review")]
    public async Task Unknown_or_forged_ids_are_not_found(string url)
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostFormAsync(url + "?handler=Approve", ReviewTestData.Decision(Guid.NewGuid()), tokenFrom: "/Reviews")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task A_damaged_version_is_refused_as_a_change_meanwhile_never_as_an_error(string version)
    {
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, $"Versie {version}");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var response = await lead.PostFormAsync(Url(commitment.Id, "Approve"), [new("Form.Version", version)], tokenFrom: Url(commitment.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ChangedMeanwhile, await response.Content.ReadAsStringAsync());
        Assert.Equal(CommitmentStatus.Submitted, (await ReviewTestData.ReloadAsync(app, commitment.Id)).Status);
    }

    [Theory]
    [InlineData("Delete")]
    [InlineData("")]
    public async Task A_post_to_an_unknown_handler_is_not_found_and_a_get_shows_the_page(string handler)
    {
        var commitment = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, $"Handler {handler}");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var url = handler.Length == 0 ? Url(commitment.Id) : Url(commitment.Id, handler);

        var post = await lead.PostFormAsync(url, ReviewTestData.Decision(commitment.Version), tokenFrom: Url(commitment.Id));
        var (get, page) = await lead.GetPageAsync(Url(commitment.Id, "Approve"));

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(commitment.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal(CommitmentStatus.Submitted, (await ReviewTestData.ReloadAsync(app, commitment.Id)).Status);
    }
}
