using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// "Indienen" on the commitment's page: refused with exactly what is missing (the SMART gate), or
/// submitted with a history line and a mail to the region's leads in each one's language.
/// </summary>
public sealed class SubmitTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public static TheoryData<SmartGap, string, string, string> Gaps() => new()
    {
        { SmartGap.Title, "Geef de toezegging een titel.", "Give the commitment a title.", "Form_Title" },
        { SmartGap.Theme, "Kies ten minste één thema.", "Choose at least one theme.", "Form_ThemeIds" },
        { SmartGap.EndDate, "Vul een einddatum in.", "Enter an end date.", "Form_EndDate" },
        { SmartGap.Resources, "Vul een budget of de inzet in natura in.", "Enter a budget or the resources given in kind.", "Form_Budget" },
        { SmartGap.Indicator, "Voeg ten minste één indicator toe.", "Add at least one indicator.", "Form_Indicators" },
        { SmartGap.IndicatorTarget, "Geef elke indicator een doel (streefwaarde).", "Give every indicator a target.", "Form_Indicators" },
        { SmartGap.IndicatorTargetDate, "Geef elke indicator een doeldatum.", "Give every indicator a target date.", "Form_Indicators" },
        { SmartGap.Shares, "De aandelen van de penvoerder en de co-partners tellen samen niet op tot 100%.",
            "The shares of the lead partner and the co-partners do not add up to 100%.", "Form_LeadSharePercent" },
    };

    /// <summary>Takes from a SMART commitment exactly what fills the gap.</summary>
    private static void Open(Commitment c, SmartGap gap)
    {
        switch (gap)
        {
            case SmartGap.Title: c.Title = "   "; break;
            case SmartGap.Theme: c.Themes.Clear(); break;
            case SmartGap.EndDate: c.EndDate = null; break;
            case SmartGap.Resources: c.BudgetEuros = null; c.InKindDescription = null; break;
            case SmartGap.Indicator: c.Indicators.Clear(); break;
            case SmartGap.IndicatorTarget: c.Indicators[0].Target = null; break;
            case SmartGap.IndicatorTargetDate: c.Indicators[0].TargetDate = null; break;
            case SmartGap.Shares: c.LeadSharePercent = 90; break;
        }
    }

    [Theory]
    [MemberData(nameof(Gaps))]
    public async Task Submitting_is_refused_with_what_is_missing_linked_to_its_field(SmartGap gap, string dutch, string english, string field)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => Open(c, gap));
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", c.Version.ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        var summary = page.QuerySelector(".error-summary[role=alert]")!;
        Assert.Equal("Deze toezegging kan nog niet worden ingediend (this commitment cannot be submitted yet)", summary.QuerySelector("h2")!.Text());
        var item = Assert.Single(summary.QuerySelectorAll("li"));
        Assert.Equal($"{dutch} ({english})", item.Text());
        Assert.Equal("en", item.QuerySelector("span")!.GetAttribute("lang"));
        Assert.Equal($"/Commitments/Edit/{c.Id}#{field}", item.QuerySelector("a")!.GetAttribute("href"));

        var after = await app.ReloadAsync(c.Id);
        Assert.Equal(CommitmentStatus.Draft, after.Status);
        Assert.Null(after.SubmittedAt);
        Assert.Empty(await app.HistoryAsync(c.Id));
    }

    [Fact]
    public async Task Every_missing_part_is_listed_at_once_and_in_English_on_the_English_page()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Themes.Clear();
            c.EndDate = null;
            c.BudgetEuros = null;
            c.Indicators.Clear();
        });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await limburg.SwitchLanguageAsync();

        var response = await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", c.Version.ToString()));

        var summary = TestBrowser.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!;
        Assert.Equal("This commitment cannot be submitted yet", summary.QuerySelector("h2")!.Text());
        Assert.Equal(["Choose at least one theme.", "Enter an end date.", "Enter a budget or the resources given in kind.", "Add at least one indicator."],
            summary.QuerySelectorAll("li").Select(li => li.Text()).ToList());
        Assert.Empty(summary.QuerySelectorAll("span[lang=en]")); // no translation aside on an English page
        await limburg.SwitchLanguageAsync("nl-NL"); // the choice is stored on the account: back to Dutch for the other tests
    }

    [Fact]
    public async Task Submitting_a_SMART_draft_records_it_and_mails_the_regions_leads_in_their_language()
    {
        await using (var db = app.CreateAdminDbContext())
        {
            // A second lead for Noord who reads English, and one who has left.
            var noord = await db.Regions.SingleAsync(r => r.Code == "noord");
            db.Users.Add(new AppUser { UserName = "tweede.trekker@noord.test", Email = "tweede.trekker@noord.test", RegionId = noord.Id, Culture = "en-GB" });
            db.Users.Add(new AppUser { UserName = "oud.trekker@noord.test", Email = "oud.trekker@noord.test", RegionId = noord.Id, DeactivatedAt = new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync();
        }
        var c = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, c => c.Title = "Warmtepompen & \"zonnepanelen\" " + Guid.NewGuid().ToString("N")[..6],
            ("Provincie Drenthe", 25));
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);

        var response = await groningen.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", c.Version.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Commitments/Details/{c.Id}", response.Headers.Location!.OriginalString);
        var after = await app.ReloadAsync(c.Id);
        Assert.Equal(CommitmentStatus.Submitted, after.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, after.SubmittedAt);

        var line = Assert.Single(await app.HistoryAsync(c.Id));
        Assert.Equal(AuditActions.CommitmentSubmitted, line.Action);
        Assert.Equal(DemoAccounts.PartnerGroningen, line.UserName);
        Assert.Equal(1, HistoryDetails.Parse(line.Details)!.Revision);

        await using (var db = app.CreateAdminDbContext())
        {
            var mails = await db.OutboxMessages.Where(m => m.Subject.Contains(c.Title)).OrderBy(m => m.To).ToListAsync();
            Assert.Equal(["trekker.noord@techniekpact.test", "tweede.trekker@noord.test"], mails.Select(m => m.To).ToList());
            Assert.Equal($"Ter beoordeling: {c.Title}", mails[0].Subject);
            Assert.Equal($"For review: {c.Title}", mails[1].Subject);
            Assert.Contains($"/Commitments/Details/{c.Id}", mails[0].TextBody);
            Assert.Contains("Noordelijke Installatietechniek B.V.", mails[1].TextBody);
        }

        var (_, page) = await groningen.GetPageAsync($"/Commitments/Details/{c.Id}");
        Assert.StartsWith("De toezegging is ingediend", page.QuerySelector(".notice[role=status]")!.Text());
        Assert.Equal("Ingediend", page.QuerySelector("p .status")!.Text());
        Assert.Equal("01-05-2018 10:00 – Ingediend ter beoordeling, revisie 1 – door partner.groningen@techniekpact.test",
            page.QuerySelector("ol.history li p")!.Text());
    }

    [Fact]
    public async Task Resubmitting_a_returned_commitment_clears_the_leads_comment()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Status = CommitmentStatus.Returned;
            c.ReturnComment = "Noem de doeldatum.";
        });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", c.Version.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await app.ReloadAsync(c.Id);
        Assert.Equal(CommitmentStatus.Submitted, after.Status);
        Assert.Null(after.ReturnComment);
        await using var db = app.CreateAdminDbContext();
        Assert.Equal(["trekker.zuid@techniekpact.test"], await db.OutboxMessages.Where(m => m.Subject.Contains(c.Title)).Select(m => m.To).ToListAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("stale")]
    public async Task A_submission_from_a_stale_or_forged_page_is_refused_with_a_message(string version)
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        if (version == "stale")
        {
            version = c.Version.ToString();
            await using var db = app.CreateAdminDbContext();
            (await db.Commitments.SingleAsync(x => x.Id == c.Id)).Description = "Intussen gewijzigd";
            await db.SaveChangesAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var response = await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", version));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Iemand anders heeft deze toezegging intussen gewijzigd", page.QuerySelector(".error-summary")!.Text());
        Assert.Equal(CommitmentStatus.Draft, (await app.ReloadAsync(c.Id)).Status);
        // The page shows the latest version, so pressing the button again submits what is shown.
        var again = page.QuerySelector("form[action$='handler=Submit'] input[name=version]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", again))).StatusCode);
    }

    [Fact]
    public async Task A_co_partner_cannot_submit_withdraw_or_delete_the_leads_commitment()
    {
        var draft = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, null, ("Provincie Drenthe", 40));
        var approved = await app.AddCommitmentAsync(DemoAccounts.GroningenBusiness, c => c.Status = CommitmentStatus.Approved, ("Provincie Drenthe", 40));
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        var page = await drenthe.PageAsync($"/Commitments/Details/{draft.Id}");
        Assert.Null(page.QuerySelector("form[action$='handler=Submit']"));
        Assert.Empty(page.QuerySelectorAll("main > .actions"));

        Assert.True(TestBrowser.IsAccessDenied(await drenthe.PostFormAsync($"/Commitments/Details/{draft.Id}?handler=Submit", ("version", draft.Version.ToString()))));
        Assert.True(TestBrowser.IsAccessDenied(await drenthe.GetAsync($"/Commitments/Withdraw/{approved.Id}")));
        Assert.True(TestBrowser.IsAccessDenied(await drenthe.PostFormAsync($"/Commitments/Withdraw/{approved.Id}",
            [new("Reason", "Co-partner trekt in"), new("Version", approved.Version.ToString())], tokenFrom: "/")));
        Assert.True(TestBrowser.IsAccessDenied(await drenthe.PostFormAsync($"/Commitments/Delete/{draft.Id}", [], tokenFrom: "/")));

        Assert.Equal(CommitmentStatus.Draft, (await app.ReloadAsync(draft.Id)).Status);
        Assert.Equal(CommitmentStatus.Approved, (await app.ReloadAsync(approved.Id)).Status);
        Assert.Empty(await app.HistoryAsync(draft.Id));
        Assert.Empty(await app.HistoryAsync(approved.Id));
    }

    [Fact]
    public async Task A_submitted_commitment_cannot_be_submitted_again()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Submitted);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.True(TestBrowser.IsAccessDenied(await limburg.PostFormAsync($"/Commitments/Details/{c.Id}?handler=Submit", ("version", c.Version.ToString()))));
        Assert.Empty(await app.HistoryAsync(c.Id));
    }
}
