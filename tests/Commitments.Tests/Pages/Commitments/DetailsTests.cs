using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The commitment's page: everything about it, the approved revision while a new one is worked on,
/// the lead's comment, and only the buttons the reader may use.
/// </summary>
public sealed class DetailsTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task The_page_shows_every_part_of_the_commitment()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, c =>
        {
            c.Description = "Regel 1\nRegel 2 met =SUM(A1) en <b>geen opmaak</b>";
            c.InKindDescription = "40 uur begeleiding per week";
            c.ContactName = "Jan de Vries";
            c.ContactEmail = "jan@example.nl";
        }, ("Provincie Drenthe", 30), ("Drenthe College", 20.5m), ("Hanzehogeschool Groningen", 10));
        await using (var db = app.CreateAdminDbContext())
        {
            var rows = await db.Set<CommitmentCoPartner>().Include(p => p.Organization).Where(p => p.CommitmentId == c.Id).ToListAsync();
            rows.Single(p => p.Organization!.Name == "Provincie Drenthe").Answer(true, DateTime.UtcNow);
            rows.Single(p => p.Organization!.Name == "Hanzehogeschool Groningen").Answer(false, DateTime.UtcNow);
            var indicator = await db.Indicators.SingleAsync(i => i.CommitmentId == c.Id);
            db.Indicators.Add(new Indicator { CommitmentId = c.Id, Name = "docenten", Unit = "aantal", Baseline = 1234.5m, SortOrder = 1 });
            await db.SaveChangesAsync();
        }
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);

        var page = await groningen.PageAsync($"/Commitments/Details/{c.Id}");

        Assert.Equal(c.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Concept revisie 1", page.QuerySelector("main p")!.Text());
        Assert.Equal("Noordelijke Installatietechniek B.V. (Bedrijf, landsdeel Noord), aandeel 39,5%", page.Fact("Penvoerder"));
        Assert.Equal(
            ["Drenthe College, aandeel 20,5% – niet bevestigd", "Hanzehogeschool Groningen, aandeel 10% – afgewezen", "Provincie Drenthe, aandeel 30% – bevestigd"],
            page.QuerySelectorAll("dl.facts dd li").Select(li => li.Text()).ToList());
        Assert.Equal("2018", page.Fact("Rapportagejaar"));
        Assert.Equal("Energietransitie", page.Fact("Thema's"));
        Assert.Equal("01-09-2018 t/m 31-12-2020", page.Fact("Looptijd"));
        Assert.Equal("€ 1.234,56", page.Fact("Budget"));
        Assert.Equal("40 uur begeleiding per week", page.Fact("In natura"));
        Assert.Equal("Regel 1\nRegel 2 met =SUM(A1) en <b>geen opmaak</b>",
            page.QuerySelectorAll("dl.facts dt").Single(d => d.TextContent == "Omschrijving").NextElementSibling!.TextContent);
        Assert.Equal("Jan de Vries, jan@example.nl", page.Fact("Contactpersoon"));
        Assert.Equal("mailto:jan@example.nl", page.QuerySelector("dl.facts a[href^=mailto]")!.GetAttribute("href"));

        var table = page.QuerySelector("table")!;
        Assert.Equal("Indicatoren van revisie 1", table.QuerySelector("caption")!.Text());
        Assert.Equal(["Indicator", "Eenheid", "Nulmeting", "Doel", "Doeldatum"], table.QuerySelectorAll("thead th").Select(th => th.Text()).ToList());
        Assert.All(table.QuerySelectorAll("thead th"), th => Assert.Equal("col", th.GetAttribute("scope")));
        Assert.Equal(
            [["stageplaatsen", "aantal", "0", "120", "31-12-2020"], ["docenten", "aantal", "1.234,5", "–", "–"]],
            table.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.Text()).ToList()).ToList());
    }

    [Fact]
    public async Task A_returned_commitment_shows_the_leads_comment_exactly_as_typed()
    {
        const string comment = "Maak het doel concreet: <script>alert('x')</script>\n\"hoeveel\" per jaar? 3/4 🙂";
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Status = CommitmentStatus.Returned;
            c.ReturnComment = comment;
        });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await limburg.GetAsync($"/Commitments/Details/{c.Id}");
        var html = await response.Content.ReadAsStringAsync();
        var page = TestBrowser.Parse(html);

        var box = page.QuerySelector("section.attention")!;
        Assert.Equal("Teruggestuurd: opmerking van de landsdeeltrekker", box.QuerySelector("h2")!.TextContent);
        Assert.Equal(comment, box.QuerySelector(".user-text")!.TextContent);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert", html);
        Assert.NotNull(page.QuerySelector($"a[href='/Commitments/Edit/{c.Id}']"));
        Assert.NotNull(page.QuerySelector("form[action$='handler=Submit'] button"));
    }

    [Fact]
    public async Task The_demo_returned_commitment_shows_the_comment_of_the_leads_review()
    {
        await using var db = app.CreateAdminDbContext();
        var returned = await db.Commitments.SingleAsync(c => c.Title == "Leerwerkplaatsen Chemelot");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync($"/Commitments/Details/{returned.Id}");

        Assert.Equal("Maak het doel concreet: hoeveel leerwerkplaatsen per jaar, en vanaf wanneer?",
            page.QuerySelector("section.attention .user-text")!.TextContent);
    }

    [Fact]
    public async Task While_a_revision_is_worked_on_the_approved_revision_is_shown_as_the_one_that_counts()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Title = "Goedgekeurde titel " + Guid.NewGuid().ToString("N")[..6];
            c.Status = CommitmentStatus.Approved;
            c.ApprovedRevision = 1;
            c.ApprovedAt = new DateTime(2018, 6, 1, 9, 0, 0, DateTimeKind.Utc);
            c.ApprovedContent = CommitmentContent.Of(c).ToJson();
            // Revision 2: a new title, budget and target, not approved yet.
            c.Revision = 2;
            c.Status = CommitmentStatus.Draft;
            c.Title = "Herziene titel " + Guid.NewGuid().ToString("N")[..6];
            c.BudgetEuros = 2000m;
            c.Indicators[0].Target = 150;
        }, ("Provincie Drenthe", 25));
        var approvedTitle = CommitmentContent.FromJson(c.ApprovedContent)!.Title;
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync($"/Commitments/Details/{c.Id}");

        Assert.Equal(c.Title, page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Concept revisie 2", page.QuerySelector("main p")!.Text());
        Assert.Equal("Revisie 2 is in bewerking. Tot die is goedgekeurd, telt revisie 1 zoals die op 01-06-2018 is goedgekeurd: zie ‘Goedgekeurde revisie 1’ onder de huidige versie.",
            page.QuerySelector("p.notice")!.Text());
        var headings = page.QuerySelectorAll("h2").Select(h => h.Text()).ToList();
        Assert.Contains("Revisie 2, in bewerking", headings);
        Assert.Contains("Goedgekeurde revisie 1: telt tot revisie 2 is goedgekeurd", headings);

        // The current draft first, then the approved revision, each with its own facts and indicators.
        Assert.Equal("€ 2.000,00", page.Fact("Budget"));
        var approved = page.QuerySelector("section.approved-revision")!;
        Assert.Equal(approvedTitle, page.Fact("Titel", "section.approved-revision dl.facts"));
        Assert.Equal("€ 1.234,56", page.Fact("Budget", "section.approved-revision dl.facts"));
        Assert.Equal("75%", page.Fact("Aandeel penvoerder", "section.approved-revision dl.facts"));
        Assert.Equal("Provincie Drenthe, aandeel 25%", page.Fact("Co-partners", "section.approved-revision dl.facts"));
        Assert.Equal("Indicatoren van goedgekeurde revisie 1", approved.QuerySelector("caption")!.Text());
        Assert.Equal("120", approved.QuerySelectorAll("tbody td")[3].Text());
        Assert.Equal("150", page.QuerySelectorAll("table")[0].QuerySelectorAll("tbody td")[3].Text());

        // The partner may submit the revision or withdraw the commitment; an approved one is never deleted.
        Assert.NotNull(page.QuerySelector("form[action$='handler=Submit']"));
        Assert.NotNull(page.QuerySelector($"a[href='/Commitments/Withdraw/{c.Id}']"));
        Assert.Null(page.QuerySelector($"a[href='/Commitments/Delete/{c.Id}']"));
    }

    [Fact]
    public async Task The_lead_partner_sees_the_buttons_its_commitment_allows_and_nothing_more()
    {
        var draft = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        var approved = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        var submitted = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Submitted);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Equal(["Wijzigen", "Indienen", "Verwijderen"], await ActionsAsync(limburg, draft.Id));
        Assert.Equal(["Wijzigen (nieuwe revisie)", "Intrekken"], await ActionsAsync(limburg, approved.Id));
        Assert.Equal(["Intrekken"], await ActionsAsync(limburg, submitted.Id));
    }

    [Fact]
    public async Task The_regional_lead_of_the_region_gets_a_link_to_review_a_submitted_commitment()
    {
        var submitted = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Submitted);
        var draft = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        Assert.Equal(["Beoordelen"], await ActionsAsync(zuid, submitted.Id));
        Assert.Equal($"/Reviews/Review/{submitted.Id}",
            (await zuid.PageAsync($"/Commitments/Details/{submitted.Id}")).QuerySelector("main .actions a")!.GetAttribute("href"));
        Assert.Empty(await ActionsAsync(zuid, draft.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await noord.GetAsync($"/Commitments/Details/{submitted.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_ministry_sees_no_buttons_and_its_posts_are_refused()
    {
        var draft = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, ("Provincie Drenthe", 50));
        var approved = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, c => c.Status = CommitmentStatus.Approved);
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);

        var page = await ocw.PageAsync($"/Commitments/Details/{draft.Id}");
        Assert.Empty(page.QuerySelectorAll("main form"));
        Assert.Empty(page.QuerySelectorAll("main .actions"));
        Assert.Empty(await ActionsAsync(ocw, approved.Id));

        var version = draft.Version.ToString();
        Assert.True(TestBrowser.IsAccessDenied(await ocw.PostFormAsync($"/Commitments/Details/{draft.Id}?handler=Submit", ("version", version))));
        Assert.True(TestBrowser.IsAccessDenied(await ocw.PostFormAsync($"/Commitments/Details/{draft.Id}?handler=Confirm", ("version", version))));
        Assert.True(TestBrowser.IsAccessDenied(await ocw.PostFormAsync($"/Commitments/Withdraw/{approved.Id}",
            [new("Reason", "Ministerie trekt in"), new("Version", approved.Version.ToString())], tokenFrom: "/")));
        Assert.True(TestBrowser.IsAccessDenied(await ocw.PostFormAsync($"/Commitments/Delete/{draft.Id}", [], tokenFrom: "/")));

        Assert.Equal(CommitmentStatus.Draft, (await app.ReloadAsync(draft.Id)).Status);
        Assert.Equal(CommitmentStatus.Approved, (await app.ReloadAsync(approved.Id)).Status);
        Assert.Empty(await app.HistoryAsync(draft.Id));
    }

    [Fact]
    public async Task A_partner_cannot_read_another_organisations_draft_by_id()
    {
        var draft = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        foreach (var url in new[] { $"/Commitments/Details/{draft.Id}", $"/Commitments/Withdraw/{draft.Id}", $"/Commitments/Delete/{draft.Id}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await limburg.GetAsync(url)).StatusCode);
        }
        var forged = await limburg.PostFormAsync($"/Commitments/Details/{draft.Id}?handler=Submit", [new("version", draft.Version.ToString())], tokenFrom: "/");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.DoesNotContain(draft.Title, await forged.Content.ReadAsStringAsync());
        Assert.Equal(CommitmentStatus.Draft, (await app.ReloadAsync(draft.Id)).Status);
    }

    [Fact]
    public async Task A_commitment_of_a_frozen_cycle_takes_no_step_at_all()
    {
        int cycleId;
        await using (var db = app.CreateAdminDbContext())
        {
            var cycle = new ReportingCycle { Year = 2017, UpdatesDueOn = new DateOnly(2017, 5, 1), FreezesOn = new DateOnly(2017, 6, 18) };
            db.ReportingCycles.Add(cycle);
            await db.SaveChangesAsync();
            cycleId = cycle.Id;
        }
        // Registered in 2017, which is then frozen (the data layer takes nothing new into a frozen year).
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.ReportingCycleId = cycleId, ("Provincie Drenthe", 10));
        await using (var db = app.CreateAdminDbContext())
        {
            await db.ReportingCycles.Where(r => r.Id == cycleId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.FrozenAt, new DateTime(2017, 6, 18, 12, 0, 0, DateTimeKind.Utc)));
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        Assert.Empty(await ActionsAsync(limburg, c.Id));
        Assert.Null((await drenthe.PageAsync($"/Commitments/Details/{c.Id}")).QuerySelector("section[aria-labelledby=copartner-request]"));
        Assert.True(TestBrowser.IsAccessDenied(await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", c.Version.ToString()))));
        Assert.True(TestBrowser.IsAccessDenied(await drenthe.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Confirm", ("version", c.Version.ToString()))));
        Assert.Equal(CommitmentStatus.Draft, (await app.ReloadAsync(c.Id)).Status);
        Assert.Equal(CoPartnerResponse.Pending, Assert.Single((await app.ReloadAsync(c.Id)).CoPartners).Response);
    }

    [Theory]
    [InlineData("/Commitments/Details/1")]
    [InlineData("/Commitments/Withdraw/1")]
    public async Task A_visitor_who_is_not_signed_in_is_sent_to_the_login(string url)
    {
        using var anonymous = app.Anonymous();
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync(url)));
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.PostFormAsync(url + "?handler=Submit", [new("version", "x")], tokenFrom: "/Account/Login")));
    }

    [Theory]
    [InlineData("/Commitments/Details/999999")]
    [InlineData("/Commitments/Details/abc")]
    [InlineData("/Commitments/Details/99999999999999999999")]
    [InlineData("/Commitments/Details/-1")]
    public async Task An_unknown_or_malformed_id_is_not_found(string url)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        Assert.Equal(HttpStatusCode.NotFound, (await limburg.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await limburg.PostFormAsync(url + "?handler=Submit", [new("version", "x")], tokenFrom: "/")).StatusCode);
    }

    [Fact]
    public async Task The_page_is_English_after_switching_with_English_amounts()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, null, ("Provincie Drenthe", 40));
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await limburg.SwitchLanguageAsync();
        try
        {
            var page = await limburg.PageAsync($"/Commitments/Details/{c.Id}");

            Assert.Equal("Draft revision 1", page.QuerySelector("main p")!.Text());
            Assert.Equal("Techniekcollege Limburg (Education institution, region Zuid), share 60%", page.Fact("Lead partner"));
            Assert.Equal("Provincie Drenthe, share 40% – not confirmed", page.Fact("Co-partners"));
            Assert.Equal("€1,234.56", page.Fact("Budget"));
            Assert.Equal(["Edit", "Submit", "Delete"], await ActionsAsync(limburg, c.Id));
        }
        finally
        {
            await limburg.SwitchLanguageAsync("nl-NL"); // the choice is stored on the account: back to Dutch for the other tests
        }
    }

    /// <summary>The texts of the action buttons and links on the commitment's page, in order.</summary>
    private static async Task<List<string>> ActionsAsync(TestBrowser browser, int id)
    {
        var page = await browser.PageAsync($"/Commitments/Details/{id}");
        return page.QuerySelectorAll("main > .actions a, main > .actions button").Select(e => e.Text()).ToList();
    }
}
