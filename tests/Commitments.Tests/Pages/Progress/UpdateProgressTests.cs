using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Progress;

/// <summary>
/// The lead partner files the update of the open cycle: a draft, then a submission; values typed the
/// Dutch way and read strictly; text kept exactly; stale forms refused; others read but do not change.
/// </summary>
public sealed class UpdateProgressTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static (string, string) Value(Indicator i, string text) => ($"Form.Values[{i.Id}]", text);

    [Fact]
    public async Task A_partner_saves_a_draft_then_submits_it_and_the_regional_lead_is_told()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Stages in de haven",
            indicators: [("stageplaatsen", 10m, 40m), ("leerbedrijven", 0m, 12m)]);
        var (places, companies) = (commitment.Indicators[0], commitment.Indicators[1]);
        using var partner = await app.SignInAsync(world.PartnerEmail);
        const string narrative = "  Regel 1\r\nRegel 2 met =SUM(A1), \"aanhalingstekens\", <script>alert(1)</script> en 3/4 🚀  ";

        var draft = await ProgressForm.PostAsync(partner, commitment.Id,
            [Value(places, "1.234,5"), ("Form.Health", "AtRisk"), ("Form.Narrative", narrative), ("Form.Intent", "draft")]);

        Assert.Equal(HttpStatusCode.Redirect, draft.StatusCode);
        await using (var db = world.Admin())
        {
            var saved = await db.ProgressUpdates.Include(u => u.Values).SingleAsync(u => u.CommitmentId == commitment.Id);
            Assert.Equal(ProgressUpdateStatus.Draft, saved.Status);
            Assert.Equal(world.CycleId, saved.ReportingCycleId);
            Assert.Equal(ProgressHealth.AtRisk, saved.Health);
            Assert.Equal(narrative, saved.Narrative);
            Assert.Equal(1234.5m, Assert.Single(saved.Values).Value); // the empty value is not stored as 0
            Assert.Null(saved.SubmittedAt);
        }
        var (_, page) = await partner.GetPageAsync(draft.Headers.Location!.OriginalString);
        Assert.Equal("1.234,5", page.QuerySelector($"input[name='Form.Values[{places.Id}]']")!.GetAttribute("value"));
        Assert.Equal("", page.QuerySelector($"input[name='Form.Values[{companies.Id}]']")!.GetAttribute("value") ?? "");
        Assert.Equal(narrative, page.QuerySelector("#Form_Narrative")!.TextContent);
        Assert.NotNull(page.QuerySelector("input[name='Form.Health'][value=AtRisk][checked]"));
        Assert.Contains("Concept", page.QuerySelector(".status")!.TextContent);

        var submitted = await ProgressForm.PostAsync(partner, commitment.Id,
            [Value(places, "25"), Value(companies, "3"), ("Form.Health", "OnTrack"), ("Form.Narrative", narrative), ("Form.Intent", "submit")]);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        await using var check = world.Admin();
        var update = await check.ProgressUpdates.Include(u => u.Values).SingleAsync(u => u.CommitmentId == commitment.Id);
        Assert.Equal(ProgressUpdateStatus.Submitted, update.Status);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, update.SubmittedAt);
        Assert.Equal(ProgressHealth.OnTrack, update.Health);
        Assert.Equal(new Dictionary<int, decimal> { [places.Id] = 25m, [companies.Id] = 3m }, update.Values.ToDictionary(v => v.IndicatorId, v => v.Value));
        var mail = await check.OutboxMessages.SingleAsync(m => m.To == world.LeadEmail);
        Assert.Equal("Voortgang ingediend: Stages in de haven", mail.Subject);
        Assert.Contains($"/Progress/Update/{commitment.Id}", mail.TextBody);
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == AuditActions.ProgressSubmitted && a.EntityId == commitment.Id.ToString()));

        // Submitted: the partner reads it and can no longer change it.
        var (_, after) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        Assert.Null(after.QuerySelector("form[enctype='multipart/form-data']"));
        Assert.Contains("Ingediend", after.QuerySelector(".status")!.TextContent);
        Assert.Contains("25", after.QuerySelector("table")!.TextContent);
    }

    [Theory]
    [InlineData("1.234.56")]
    [InlineData("12,345")]
    [InlineData("1,5e3")]
    [InlineData("twaalf")]
    [InlineData("1.23")]
    [InlineData("99999999999999999")]
    [InlineData("--5")]
    public async Task A_value_that_is_not_a_Dutch_number_is_refused_with_a_message_and_nothing_is_saved(string typed)
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync($"Strikt {typed}");
        using var partner = await app.SignInAsync(world.PartnerEmail);

        var response = await ProgressForm.PostAsync(partner, commitment.Id,
            [Value(commitment.Indicators[0], typed), ("Form.Health", "OnTrack"), ("Form.Intent", "draft")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("een getal in, bijvoorbeeld 1.234 of 57,5", page.QuerySelector(".error-summary")!.TextContent);
        var input = page.QuerySelector($"input[name='Form.Values[{commitment.Indicators[0].Id}]']")!;
        Assert.Equal(typed, input.GetAttribute("value"));
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("-3", -3)]
    [InlineData("57,5", 57.5)]
    [InlineData(" 1.000.000,25 ", 1000000.25)]
    [InlineData("00123", 123)]
    public async Task Dutch_numbers_are_read_as_a_Dutch_reader_means_them(string typed, decimal expected)
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync($"Getal {typed}");
        using var partner = await app.SignInAsync(world.PartnerEmail);

        var response = await ProgressForm.PostAsync(partner, commitment.Id,
            [Value(commitment.Indicators[0], typed), ("Form.Health", "Behind"), ("Form.Intent", "draft")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = world.Admin();
        Assert.Equal(expected, (await db.IndicatorValues.SingleAsync(v => v.IndicatorId == commitment.Indicators[0].Id)).Value);
    }

    [Fact]
    public async Task Submitting_needs_every_value_a_status_and_a_narrative_while_a_draft_needs_only_the_status()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Onvolledig", indicators: [("a", 0m, 10m), ("b", 0m, 10m)]);
        using var partner = await app.SignInAsync(world.PartnerEmail);

        var incomplete = await ProgressForm.PostAsync(partner, commitment.Id,
            [Value(commitment.Indicators[0], "5"), ("Form.Intent", "submit")]);

        var summary = TestBrowser.Parse(await incomplete.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("Vul de huidige waarde van ‘b’ in.", summary);
        Assert.Contains("Kies een status", summary);
        Assert.Contains("Schrijf een toelichting", summary);
        Assert.DoesNotContain("‘a’", summary);

        var noStatus = await ProgressForm.PostAsync(partner, commitment.Id, [("Form.Intent", "draft")]);
        Assert.Contains("Kies een status", await noStatus.Content.ReadAsStringAsync());
        var forgedStatus = await ProgressForm.PostAsync(partner, commitment.Id, [("Form.Health", "7"), ("Form.Intent", "draft")]);
        Assert.Contains("Kies een status", await forgedStatus.Content.ReadAsStringAsync());

        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == commitment.Id));
    }

    [Fact]
    public async Task A_narrative_of_8000_characters_is_kept_whole_and_one_more_is_refused()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Lange toelichting");
        using var partner = await app.SignInAsync(world.PartnerEmail);
        var longest = string.Concat(Enumerable.Repeat("0123456789", 800));

        var tooLong = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Health", "OnTrack"), ("Form.Narrative", longest + "x"), ("Form.Intent", "draft")]);
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("De toelichting is 8.001 tekens lang; er passen er ten hoogste 8.000 in.", await tooLong.Content.ReadAsStringAsync());

        var fits = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Health", "OnTrack"), ("Form.Narrative", longest), ("Form.Intent", "draft")]);
        Assert.Equal(HttpStatusCode.Redirect, fits.StatusCode);
        await using var db = world.Admin();
        Assert.Equal(longest, (await db.ProgressUpdates.SingleAsync(u => u.CommitmentId == commitment.Id)).Narrative);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://bestanden.example.nl/verslag.pdf")]
    [InlineData("www.techniekpact.nl/verslag")]
    [InlineData("https://")]
    [InlineData("https://gebruiker:wachtwoord@example.nl/")]
    [InlineData("https://example.nl/met spatie")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    public async Task A_link_that_is_not_a_web_address_is_refused(string link)
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Links");
        using var partner = await app.SignInAsync(world.PartnerEmail);

        var response = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Health", "OnTrack"), ("Form.EvidenceUrl", link), ("Form.Intent", "draft")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("begint met https:// of http://", page.QuerySelector("#Form_EvidenceUrl_error")!.TextContent);
        Assert.Equal(link, page.QuerySelector("#Form_EvidenceUrl")!.GetAttribute("value"));
        await using var db = world.Admin();
        Assert.False(await db.ProgressEvidence.AnyAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id));
    }

    [Fact]
    public async Task A_web_link_is_kept_as_typed_listed_and_can_be_removed()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Met link");
        using var partner = await app.SignInAsync(world.PartnerEmail);
        const string link = "https://www.techniekpact.nl/nieuws?jaar=2018&regio=noord#verslag";

        var saved = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Health", "OnTrack"), ("Form.EvidenceUrl", link), ("Form.Intent", "draft")]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, page) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        var anchor = page.QuerySelector($".evidence-list a[href='{link}']")!;
        Assert.Equal(link, anchor.TextContent);
        Assert.Contains("noopener", anchor.GetAttribute("rel"));

        var removeForm = page.QuerySelector(".evidence-list form")!;
        var removed = await partner.Client.PostAsync(removeForm.GetAttribute("action"), new FormUrlEncodedContent(
            removeForm.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        await using var db = world.Admin();
        Assert.False(await db.ProgressEvidence.AnyAsync(e => e.ProgressUpdate!.CommitmentId == commitment.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.EvidenceRemoved && a.EntityId == commitment.Id.ToString()));
    }

    [Fact]
    public async Task A_stale_form_does_not_overwrite_a_newer_save()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Twee vensters");
        var indicator = commitment.Indicators[0];
        using var partner = await app.SignInAsync(world.PartnerEmail);
        await ProgressForm.PostAsync(partner, commitment.Id, [Value(indicator, "1"), ("Form.Health", "OnTrack"), ("Form.Intent", "draft")]);
        var (_, opened) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));
        var staleVersion = opened.QuerySelector("input[name='Form.Version']")!.GetAttribute("value")!;

        var newer = await ProgressForm.PostAsync(partner, commitment.Id, [Value(indicator, "2"), ("Form.Health", "OnTrack"), ("Form.Intent", "draft")]);
        Assert.Equal(HttpStatusCode.Redirect, newer.StatusCode);
        var stale = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Version", staleVersion), Value(indicator, "3"), ("Form.Health", "Behind"), ("Form.Intent", "submit"), ("Form.Narrative", "x")]);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = TestBrowser.Parse(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Iemand anders heeft deze rapportage intussen gewijzigd", page.QuerySelector(".error-summary")!.TextContent);
        Assert.Equal("3", page.QuerySelector($"input[name='Form.Values[{indicator.Id}]']")!.GetAttribute("value")); // what was typed is kept
        await using var db = world.Admin();
        var update = await db.ProgressUpdates.Include(u => u.Values).SingleAsync(u => u.CommitmentId == commitment.Id);
        Assert.Equal(ProgressUpdateStatus.Draft, update.Status);
        Assert.Equal(2m, update.Values.Single().Value);

        var forged = await ProgressForm.PostAsync(partner, commitment.Id,
            [("Form.Version", "geen-guid"), ("Form.CycleId", "x"), ("Form.Health", "OnTrack"), ("Form.Intent", "draft")]);
        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
    }

    [Fact]
    public async Task The_region_lead_the_ministry_and_a_co_partner_read_the_update_but_cannot_change_it_and_other_partners_do_not_find_it()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Gedeelde inzet");
        await using (var db = world.Admin())
        {
            db.Add(new CommitmentCoPartner { CommitmentId = commitment.Id, OrganizationId = world.OtherOrganizationId, SharePercent = 0 });
            await db.SaveChangesAsync();
        }
        var update = await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted, value: 60);
        var url = ProgressForm.Url(commitment.Id);

        foreach (var reader in new[] { world.LeadEmail, DemoAccounts.Ocw, world.OtherPartnerEmail, DemoAccounts.Admin })
        {
            using var browser = await app.SignInAsync(reader);
            var (response, page) = await browser.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(page.QuerySelector("form[enctype='multipart/form-data']"));
            Assert.Contains("60", page.QuerySelector("table")!.TextContent);
            Assert.Contains("50%", page.QuerySelector("table")!.TextContent); // 60 of 0 → 120
            var post = await browser.PostFormAsync(url, [new("Form.Health", "Behind"), new("Form.Intent", "draft")], tokenFrom: "/");
            Assert.True(TestBrowser.IsAccessDenied(post), reader);
        }
        using (var lead = await app.SignInAsync(world.LeadEmail))
        {
            var (_, page) = await lead.GetPageAsync(url);
            Assert.Equal($"/Progress/Review/{update.Id}", page.QuerySelector("a.button")!.GetAttribute("href"));
        }
        foreach (var outsider in new[] { DemoAccounts.PartnerLimburg, DemoAccounts.TrekkerZuid })
        {
            using var browser = await app.SignInAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.PostFormAsync(url, [new("Form.Health", "Behind")], tokenFrom: "/")).StatusCode);
        }
        await using var check = world.Admin();
        Assert.Equal(ProgressHealth.AtRisk, (await check.ProgressUpdates.SingleAsync(u => u.Id == update.Id)).Health);
    }

    [Fact]
    public async Task A_draft_is_the_partners_own_until_it_is_submitted()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Nog in concept");
        await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Draft, value: 77);
        using var lead = await app.SignInAsync(world.LeadEmail);

        var (_, page) = await lead.GetPageAsync(ProgressForm.Url(commitment.Id));

        Assert.Contains("nog geen voortgang ingediend", page.QuerySelector("main")!.TextContent);
        Assert.DoesNotContain("77", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task A_commitment_that_is_not_approved_takes_no_update()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var draft = await world.CommitmentAsync("Nog niet goedgekeurd", CommitmentStatus.Submitted);
        using var partner = await app.SignInAsync(world.PartnerEmail);

        var (response, page) = await partner.GetPageAsync(ProgressForm.Url(draft.Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("zodra de landsdeeltrekker haar heeft goedgekeurd", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("form[enctype='multipart/form-data']"));

        var post = await partner.PostFormAsync(ProgressForm.Url(draft.Id),
            [new("Form.Health", "OnTrack"), new("Form.Intent", "draft")], tokenFrom: "/");
        Assert.Equal(HttpStatusCode.Conflict, post.StatusCode);
        await using var db = world.Admin();
        Assert.False(await db.ProgressUpdates.AnyAsync(u => u.CommitmentId == draft.Id));
    }

    [Fact]
    public async Task A_revision_in_progress_reports_on_the_approved_indicators()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("In revisie", indicators: [("leerlingen", 100m, 200m)]);
        await using (var db = world.Admin())
        {
            var c = await db.Commitments.Include(x => x.Indicators).Include(x => x.Themes).Include(x => x.CoPartners).SingleAsync(x => x.Id == commitment.Id);
            c.ApprovedContent = CommitmentContent.Of(c).ToJson();
            c.Revise();
            c.Indicators[0].Target = 999; // the draft revision's new target does not count yet
            c.Indicators.Add(new Indicator { Name = "nieuw in revisie", Unit = "aantal", Baseline = 0, Target = 5, SortOrder = 1 });
            await db.SaveChangesAsync();
        }
        using var partner = await app.SignInAsync(world.PartnerEmail);

        var (_, page) = await partner.GetPageAsync(ProgressForm.Url(commitment.Id));

        var labels = page.QuerySelectorAll("form[enctype='multipart/form-data'] fieldset label[for^='Form_Values']").Select(l => l.TextContent).ToList();
        var label = Assert.Single(labels);
        Assert.Contains("doel 200", label);
    }
}
