using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>A named co-partner confirms or declines its part, on its own row only.</summary>
public sealed class CoPartnerAnswerTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static Task<HttpResponseMessage> AnswerAsync(TestBrowser browser, Commitment c, string handler, string? version = null, string? returnUrl = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("version", version ?? c.Version.ToString()) };
        if (returnUrl != null)
        {
            fields.Add(new("returnUrl", returnUrl));
        }
        return browser.PostFormAsync($"/Commitments/Details/{c.Id}?handler={handler}", fields, tokenFrom: "/");
    }

    private async Task<CommitmentCoPartner> RowAsync(int commitmentId, string organization)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Set<CommitmentCoPartner>().AsNoTracking().SingleAsync(p => p.CommitmentId == commitmentId && p.Organization!.Name == organization);
    }

    [Fact]
    public async Task A_co_partner_confirms_its_part_and_the_lead_partner_sees_it()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, ("Provincie Drenthe", 40), ("Drenthe College", 10));
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        var page = await drenthe.PageAsync($"/Commitments/Details/{c.Id}");
        var request = page.QuerySelector("section.attention")!;
        Assert.Equal("Uw organisatie is genoemd als co-partner", request.QuerySelector("h2")!.Text());
        Assert.Equal("Noordelijke Installatietechniek B.V. noemt uw organisatie als co-partner, met een aandeel van 40%. Uw antwoord: niet bevestigd.",
            request.QuerySelector("p")!.Text());
        Assert.Equal(["Bevestigen", "Afwijzen"], request.QuerySelectorAll("button").Select(b => b.Text()).ToList());

        var response = await AnswerAsync(drenthe, c, "Confirm");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Commitments/Details/{c.Id}", response.Headers.Location!.OriginalString);
        var row = await RowAsync(c.Id, DemoAccounts.Drenthe);
        Assert.Equal(CoPartnerResponse.Confirmed, row.Response);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, row.RespondedAt);
        Assert.Equal(CoPartnerResponse.Pending, (await RowAsync(c.Id, "Drenthe College")).Response);
        // The answer is the co-partner's, not a change of the lead's content: a form the lead has open stays valid.
        Assert.Equal(c.Version, (await app.ReloadAsync(c.Id)).Version);
        var line = Assert.Single(await app.HistoryAsync(c.Id));
        Assert.Equal(AuditActions.CoPartnerConfirmed, line.Action);
        Assert.Equal(await app.OrganizationIdAsync(DemoAccounts.Drenthe), line.OrganizationId);

        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        var lead = await groningen.PageAsync($"/Commitments/Details/{c.Id}");
        Assert.Equal("Drenthe College, aandeel 10% – niet bevestigd; Provincie Drenthe, aandeel 40% – bevestigd",
            string.Join("; ", lead.QuerySelectorAll("dl.facts dd li").Select(li => li.Text())));
        Assert.Equal("01-05-2018 10:00 – Deelname als co-partner bevestigd (Provincie Drenthe), revisie 1 – door partner.drenthe@techniekpact.test",
            lead.QuerySelector("ol.history li p")!.Text());
        Assert.Null(lead.QuerySelector("form[action*='handler=Confirm']"));

        // The co-partner may still change its mind: only the other answer is offered.
        var answered = (await drenthe.PageAsync($"/Commitments/Details/{c.Id}")).QuerySelector("section[aria-labelledby=copartner-request]")!;
        Assert.Equal("U kunt uw antwoord nog wijzigen.", answered.QuerySelectorAll("p")[1].Text());
        Assert.Equal(["Afwijzen"], answered.QuerySelectorAll("button").Select(b => b.Text()).ToList());
    }

    [Fact]
    public async Task A_co_partner_declines_from_its_overview_and_may_change_its_answer_later()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, c => c.Status = CommitmentStatus.Approved, ("Provincie Drenthe", 40));
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var overview = await drenthe.PageAsync("/");
        Assert.Contains(c.Title, overview.QuerySelector("section[aria-labelledby=requests]")!.TextContent);

        var response = await AnswerAsync(drenthe, c, "Decline", returnUrl: "/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Equal(CoPartnerResponse.Declined, (await RowAsync(c.Id, DemoAccounts.Drenthe)).Response);
        Assert.Equal(AuditActions.CoPartnerDeclined, Assert.Single(await app.HistoryAsync(c.Id)).Action);
        var after = await drenthe.PageAsync("/");
        Assert.DoesNotContain(c.Title, after.QuerySelector("section[aria-labelledby=requests]")!.TextContent);
        Assert.StartsWith("U hebt het verzoek om co-partner te zijn van", after.QuerySelector(".notice[role=status]")!.Text());

        Assert.Equal(HttpStatusCode.Redirect, (await AnswerAsync(drenthe, c, "Confirm")).StatusCode);
        Assert.Equal(CoPartnerResponse.Confirmed, (await RowAsync(c.Id, DemoAccounts.Drenthe)).Response);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task An_answer_never_redirects_off_the_site(string returnUrl)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, ("Provincie Drenthe", 40));
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        var response = await AnswerAsync(drenthe, c, "Confirm", returnUrl: returnUrl);

        Assert.Equal($"/Commitments/Details/{c.Id}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_answer_to_a_commitment_the_lead_changed_meanwhile_is_not_taken()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, ("Provincie Drenthe", 40));
        await using (var db = app.CreateAdminDbContext())
        {
            var changed = await db.Commitments.Include(x => x.CoPartners).SingleAsync(x => x.Id == c.Id);
            changed.CoPartners[0].SharePercent = 60;
            changed.LeadSharePercent = 40;
            await db.SaveChangesAsync();
        }
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        var response = await AnswerAsync(drenthe, c, "Confirm");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("De penvoerder heeft de toezegging intussen gewijzigd", page.QuerySelector(".error-summary")!.Text());
        Assert.Contains("met een aandeel van 60%", page.QuerySelector("section.attention")!.Text());
        Assert.Equal(CoPartnerResponse.Pending, (await RowAsync(c.Id, DemoAccounts.Drenthe)).Response);
    }

    [Fact]
    public async Task Only_a_named_co_partner_may_answer()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, ("Provincie Drenthe", 40));
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        // Another organisation does not see the commitment at all; the lead and the region's lead are not co-partners.
        Assert.Equal(HttpStatusCode.NotFound, (await AnswerAsync(limburg, c, "Confirm")).StatusCode);
        Assert.True(TestBrowser.IsAccessDenied(await AnswerAsync(groningen, c, "Confirm")));
        Assert.True(TestBrowser.IsAccessDenied(await AnswerAsync(noord, c, "Decline")));

        Assert.Equal(CoPartnerResponse.Pending, (await RowAsync(c.Id, DemoAccounts.Drenthe)).Response);
        Assert.Empty(await app.HistoryAsync(c.Id));
    }

    [Fact]
    public async Task A_withdrawn_commitment_takes_no_answer()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, c => c.Status = CommitmentStatus.Withdrawn, ("Provincie Drenthe", 40));
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        Assert.Null((await drenthe.PageAsync($"/Commitments/Details/{c.Id}")).QuerySelector("section.attention"));
        Assert.True(TestBrowser.IsAccessDenied(await AnswerAsync(drenthe, c, "Confirm")));
        Assert.Equal(CoPartnerResponse.Pending, (await RowAsync(c.Id, DemoAccounts.Drenthe)).Response);
    }
}
