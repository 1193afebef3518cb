using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// The history on the commitment's page, oldest first: when (Amsterdam time), who, what, which revision,
/// which fields changed from what to what, and comments and reasons exactly as typed. History lines are
/// written here as the pages write them (action code, <see cref="HistoryDetails"/> as JSON).
/// </summary>
public sealed class HistoryTimelineTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static readonly DateTime Monday = new(2018, 5, 7, 7, 30, 0, DateTimeKind.Utc);

    private async Task WriteAsync(Commitment c, params AuditEntry[] lines)
    {
        await using var db = app.CreateAdminDbContext();
        db.AuditEntries.AddRange(lines);
        await db.SaveChangesAsync();
    }

    private static AuditEntry Line(Commitment c, string action, DateTime at, string user, HistoryDetails? details = null, int? organizationId = null) => new()
    {
        Action = action,
        EntityType = nameof(Commitment),
        EntityId = c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OrganizationId = organizationId ?? c.OrganizationId,
        OccurredAt = at,
        UserName = user,
        Details = details?.ToJson(),
    };

    [Fact]
    public async Task The_timeline_shows_who_did_what_when_with_every_field_change_oldest_first()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        await WriteAsync(c,
            // Written out of order on purpose: the page orders by time.
            Line(c, AuditActions.CommitmentChanged, Monday.AddDays(1), "partner.limburg@techniekpact.test", new HistoryDetails(1,
            [
                new FieldChange(CommitmentChanges.Title, "Oude titel", "Nieuwe titel"),
                new FieldChange(CommitmentChanges.Budget, null, "€ 1.234,56"),
                new FieldChange(CommitmentChanges.Themes, "Digitalisering", "Digitalisering, Energietransitie"),
                new FieldChange(CommitmentChanges.CoPartners, null, "Provincie Drenthe (40%)"),
                new FieldChange(CommitmentChanges.LeadShare, "100%", "60%"),
                new FieldChange(CommitmentChanges.Indicator, "stageplaatsen (aantal): 0 → 100", "stageplaatsen (aantal): 0 → 120 per 31-12-2020"),
                new FieldChange(CommitmentChanges.Indicator, "docenten (aantal): 0 → ?", null),
            ])),
            Line(c, AuditActions.CommitmentCreated, Monday, "partner.limburg@techniekpact.test", new HistoryDetails(1)),
            // A line of the winter: Amsterdam is one hour ahead of UTC then, two in summer.
            Line(c, AuditActions.CommitmentSubmitted, new DateTime(2018, 12, 3, 23, 30, 0, DateTimeKind.Utc), "partner.limburg@techniekpact.test", new HistoryDetails(1)));
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync($"/Commitments/Details/{c.Id}");

        var items = page.QuerySelectorAll("ol.history > li").ToList();
        Assert.Equal(
            [
                "07-05-2018 09:30 – Aangemaakt als concept, revisie 1 – door partner.limburg@techniekpact.test",
                "08-05-2018 09:30 – Gewijzigd, revisie 1 – door partner.limburg@techniekpact.test",
                "04-12-2018 00:30 – Ingediend ter beoordeling, revisie 1 – door partner.limburg@techniekpact.test",
            ],
            items.Select(li => li.QuerySelector("p")!.Text()).ToList());
        Assert.Equal(
            [
                "Titel: Oude titel → Nieuwe titel",
                "Budget: – → € 1.234,56",
                "Thema's: Digitalisering → Digitalisering, Energietransitie",
                "Co-partners: – → Provincie Drenthe (40%)",
                "Aandeel penvoerder: 100% → 60%",
                "Indicator: stageplaatsen (aantal): 0 → 100 → stageplaatsen (aantal): 0 → 120 per 31-12-2020",
                "Indicator: docenten (aantal): 0 → ? → –",
            ],
            items[1].QuerySelectorAll("ul.changes li").Select(li => li.Text()).ToList());
        Assert.Equal("2018-05-07T07:30:00Z", items[0].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal("Oudste eerst. Tijden in Nederlandse tijd.", page.GetElementById("history-order")!.TextContent);
    }

    [Fact]
    public async Task Comments_reasons_and_changed_values_are_shown_exactly_as_typed_and_never_as_markup()
    {
        const string comment = "<script>alert('x')</script> & \"aanhalingstekens\"\n=SUM(A1) 3/4 00123 🙂";
        const string title = "  <b>vet</b>  ";
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        await WriteAsync(c,
            Line(c, AuditActions.CommitmentChanged, Monday, "partner.limburg@techniekpact.test",
                new HistoryDetails(1, [new FieldChange(CommitmentChanges.Title, "Oud", title)])),
            Line(c, AuditActions.CommitmentWithdrawn, Monday.AddHours(1), "partner.limburg@techniekpact.test",
                new HistoryDetails(1, Reason: comment)));
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var html = await (await limburg.GetAsync($"/Commitments/Details/{c.Id}")).Content.ReadAsStringAsync();

        var page = TestBrowser.Parse(html);
        var texts = page.QuerySelectorAll("ol.history .user-text").Select(s => s.TextContent).ToList();
        Assert.Equal(["Oud", title, comment], texts);
        Assert.Empty(page.QuerySelectorAll("ol.history b, ol.history script"));
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html);
        Assert.Equal("Reden: " + comment, page.QuerySelectorAll("ol.history > li")[1].QuerySelectorAll("p")[1].TextContent);
    }

    [Fact]
    public async Task A_decision_is_shown_once_with_its_comment_whether_recorded_as_review_history_line_or_both()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        await using (var db = app.CreateAdminDbContext())
        {
            var zuid = await db.Users.SingleAsync(u => u.Email == DemoAccounts.TrekkerZuid);
            // Revision 1 returned (review and history line), resubmitted, returned again (review only:
            // data of before the history lines), then approved (history line with its comment, and review).
            db.Reviews.AddRange(
                new Review { CommitmentId = c.Id, ReviewerUserId = zuid.Id, Decision = ReviewDecision.Returned, Comment = "Eerste opmerking", DecidedAt = Monday, Revision = 1 },
                new Review { CommitmentId = c.Id, ReviewerUserId = zuid.Id, Decision = ReviewDecision.Returned, Comment = "Tweede opmerking", DecidedAt = Monday.AddDays(2), Revision = 1 },
                new Review { CommitmentId = c.Id, ReviewerUserId = zuid.Id, Decision = ReviewDecision.Approved, Comment = "Akkoord", DecidedAt = Monday.AddDays(4), Revision = 1 });
            await db.SaveChangesAsync();
        }
        await WriteAsync(c,
            Line(c, AuditActions.CommitmentReturned, Monday, DemoAccounts.TrekkerZuid, new HistoryDetails(1)),
            Line(c, AuditActions.CommitmentSubmitted, Monday.AddDays(1), "partner.limburg@techniekpact.test", new HistoryDetails(1)),
            Line(c, AuditActions.CommitmentSubmitted, Monday.AddDays(3), "partner.limburg@techniekpact.test", new HistoryDetails(1)),
            Line(c, AuditActions.CommitmentApproved, Monday.AddDays(4), DemoAccounts.TrekkerZuid, new HistoryDetails(1, Comment: "Akkoord")));
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync($"/Commitments/Details/{c.Id}");

        var items = page.QuerySelectorAll("ol.history > li").Select(li => li.Text()).ToList();
        Assert.Equal(
            [
                "07-05-2018 09:30 – Teruggestuurd door de landsdeeltrekker, revisie 1 – door trekker.zuid@techniekpact.test Opmerking: Eerste opmerking",
                "08-05-2018 09:30 – Ingediend ter beoordeling, revisie 1 – door partner.limburg@techniekpact.test",
                "09-05-2018 09:30 – Teruggestuurd door de landsdeeltrekker, revisie 1 – door trekker.zuid@techniekpact.test Opmerking: Tweede opmerking",
                "10-05-2018 09:30 – Ingediend ter beoordeling, revisie 1 – door partner.limburg@techniekpact.test",
                "11-05-2018 09:30 – Goedgekeurd door de landsdeeltrekker, revisie 1 – door trekker.zuid@techniekpact.test Opmerking: Akkoord",
            ],
            items);
    }

    [Fact]
    public async Task Older_lines_with_a_Dutch_text_instead_of_a_code_stay_readable_in_both_languages()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        await WriteAsync(c,
            Line(c, "Aangemaakt als concept", Monday, "partner.limburg@techniekpact.test"),
            Line(c, "Gewijzigd", Monday.AddMinutes(5), "partner.limburg@techniekpact.test"),
            new AuditEntry { Action = "Iets ouds", EntityType = nameof(Commitment), EntityId = c.Id.ToString(), OrganizationId = c.OrganizationId, OccurredAt = Monday.AddMinutes(6), Details = "vrije tekst" });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var dutch = await limburg.PageAsync($"/Commitments/Details/{c.Id}");
        Assert.Equal(
            [
                "07-05-2018 09:30 – Aangemaakt als concept – door partner.limburg@techniekpact.test",
                "07-05-2018 09:35 – Gewijzigd – door partner.limburg@techniekpact.test",
                "07-05-2018 09:36 – Iets ouds – door systeem Opmerking: vrije tekst",
            ],
            dutch.QuerySelectorAll("ol.history > li").Select(li => li.Text()).ToList());

        await limburg.SwitchLanguageAsync();
        try
        {
            var english = await limburg.PageAsync($"/Commitments/Details/{c.Id}");
            Assert.Equal(
                [
                    "07/05/2018 09:30 – Created as draft – by partner.limburg@techniekpact.test",
                    "07/05/2018 09:35 – Edited – by partner.limburg@techniekpact.test",
                    "07/05/2018 09:36 – Iets ouds – by system Comment: vrije tekst",
                ],
                english.QuerySelectorAll("ol.history > li").Select(li => li.Text()).ToList());
        }
        finally
        {
            await limburg.SwitchLanguageAsync("nl-NL"); // the choice is stored on the account: back to Dutch for the other tests
        }
    }

    [Fact]
    public async Task The_regional_lead_and_a_co_partner_see_the_whole_history_of_a_commitment_they_may_read()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Submitted, ("Provincie Drenthe", 30));
        var drenthe = await app.OrganizationIdAsync(DemoAccounts.Drenthe);
        await WriteAsync(c,
            Line(c, AuditActions.CommitmentSubmitted, Monday, "partner.limburg@techniekpact.test", new HistoryDetails(1)),
            Line(c, AuditActions.CoPartnerConfirmed, Monday.AddHours(1), "partner.drenthe@techniekpact.test", new HistoryDetails(1), drenthe));
        string[] expected =
        [
            "07-05-2018 09:30 – Ingediend ter beoordeling, revisie 1 – door partner.limburg@techniekpact.test",
            "07-05-2018 10:30 – Deelname als co-partner bevestigd (Provincie Drenthe), revisie 1 – door partner.drenthe@techniekpact.test",
        ];

        foreach (var account in new[] { DemoAccounts.PartnerLimburg, DemoAccounts.PartnerDrenthe, DemoAccounts.TrekkerZuid, DemoAccounts.Ocw })
        {
            using var browser = await app.SignInAsync(account);
            var page = await browser.PageAsync($"/Commitments/Details/{c.Id}");
            Assert.Equal(expected, page.QuerySelectorAll("ol.history > li").Select(li => li.Text()).ToList());
        }

        // The history is read for this commitment only: the overview afterwards is the partner's own again.
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await limburg.PageAsync($"/Commitments/Details/{c.Id}");
        Assert.Equal("Techniekcollege Limburg", (await limburg.PageAsync("/")).QuerySelector("main p strong")!.TextContent);
    }

    [Fact]
    public async Task History_lines_of_other_commitments_and_other_records_are_not_shown()
    {
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        var other = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool);
        await WriteAsync(c,
            Line(other, AuditActions.CommitmentSubmitted, Monday, "partner.limburg@techniekpact.test"),
            new AuditEntry { Action = AuditActions.OrganizationChanged, EntityType = "Organization", EntityId = c.Id.ToString(), OccurredAt = Monday, UserName = "admin" });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync($"/Commitments/Details/{c.Id}");

        Assert.Empty(page.QuerySelectorAll("ol.history li"));
        Assert.Equal("Geen geschiedenis vastgelegd.", page.QuerySelectorAll("h2").Single(h => h.TextContent == "Geschiedenis").NextElementSibling!.TextContent);
    }
}
