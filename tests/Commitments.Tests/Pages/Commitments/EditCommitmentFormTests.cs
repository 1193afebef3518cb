using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// Changing a commitment: indicators matched by id and never taken from another commitment, reported
/// indicators kept, no lost updates (also for themes or co-partners only), revisions of an approved
/// commitment, and the field-by-field history.
/// </summary>
public sealed class EditCommitmentFormTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<Dictionary<string, int>> ThemesAsync()
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Themes.ToDictionaryAsync(t => t.Name, t => t.Id);
    }

    private static Action<CommitmentFormPage> Draft(string title) => form =>
        form.Set("Form.Title", title).Indicator(0, "deelnemers", "aantal", "0", "100", "2020-12-31");

    [Fact]
    public async Task An_indicator_id_of_another_commitment_or_organisation_is_refused_and_nothing_is_touched()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await CommitmentFormPage.CreateAsync(limburg, Draft("Eigen indicatoren"));
        var other = await CommitmentFormPage.CreateAsync(limburg, Draft("Andere toezegging van Limburg"));
        await using var db = app.CreateAdminDbContext();
        var drenthe = await db.Indicators.AsNoTracking().FirstAsync(i => i.Commitment!.Organization!.Name == DemoAccounts.Drenthe);
        var ownOther = await db.Indicators.AsNoTracking().SingleAsync(i => i.CommitmentId == other);
        var own = await db.Indicators.AsNoTracking().SingleAsync(i => i.CommitmentId == id);

        foreach (var foreign in new[] { drenthe, ownOther })
        {
            var form = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
            form.Set("Form.Indicators[0].Name", "eigen regel gewijzigd");
            form = await form.StepAsync(limburg, "AddIndicator");
            form.Set("Form.Indicators[1].Id", foreign.Id.ToString()).Indicator(1, "overgenomen", "stuks", "1", "2", "2021-01-01");

            var refused = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

            Assert.Contains(refused.Errors, e => e.StartsWith("Indicator 2 hoort niet bij deze toezegging; er is niets opgeslagen.", StringComparison.Ordinal));
        }

        await using var check = app.CreateAdminDbContext();
        foreach (var before in new[] { drenthe, ownOther, own })
        {
            var after = await check.Indicators.AsNoTracking().SingleAsync(i => i.Id == before.Id);
            Assert.Equal((before.CommitmentId, before.Name, before.Unit, before.Baseline, before.Target, before.TargetDate),
                (after.CommitmentId, after.Name, after.Unit, after.Baseline, after.Target, after.TargetDate));
        }
        Assert.Equal(1, await check.Indicators.CountAsync(i => i.CommitmentId == id));
    }

    [Fact]
    public async Task An_indicator_with_reported_values_cannot_be_removed_and_the_page_says_so()
    {
        await using var db = app.CreateAdminDbContext();
        var reported = await db.Commitments.Include(c => c.Indicators)
            .FirstAsync(c => c.Organization!.Name == DemoAccounts.LimburgSchool && c.Indicators.Any(i => db.IndicatorValues.Any(v => v.IndicatorId == i.Id)));
        var indicator = reported.Indicators.Single();
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var url = $"/Commitments/Edit/{reported.Id}";

        var form = await CommitmentFormPage.OpenAsync(limburg, url);
        Assert.Null(form.Document.QuerySelector("button[name=removeIndicator][value='0']"));
        Assert.Contains("al waarden gerapporteerd; hij kan niet worden verwijderd", form.Document.QuerySelector("fieldset.indicator")!.TextContent);

        // A forged remove button, and a save without the row: both refused with the reason.
        var step = await form.StepAsync(limburg, "RemoveIndicator", ("removeIndicator", "0"));
        Assert.Contains("Indicator 1 heeft al gerapporteerde waarden en kan niet worden verwijderd.", step.Errors);
        Assert.Equal(indicator.Id.ToString(), step.Value("Form.Indicators[0].Id"));
        form.RemoveAll("Form.Indicators[");
        var save = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), url);
        Assert.Contains($"De indicator ‘{indicator.Name}’ heeft al gerapporteerde waarden en kan niet worden verwijderd.", save.Errors);

        await using var check = app.CreateAdminDbContext();
        Assert.True(await check.Indicators.AnyAsync(i => i.Id == indicator.Id));
        Assert.Equal(reported.Version, (await check.Commitments.SingleAsync(c => c.Id == reported.Id)).Version);
    }

    [Fact]
    public async Task A_stale_form_cannot_overwrite_a_themes_only_change_and_shows_what_changed_meanwhile()
    {
        var themes = await ThemesAsync();
        using var first = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var second = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await CommitmentFormPage.CreateAsync(first, Draft("Thema's wijzigen"));
        var url = $"/Commitments/Edit/{id}";
        var firstForm = await CommitmentFormPage.OpenAsync(first, url);
        var secondForm = await CommitmentFormPage.OpenAsync(second, url);

        // Only a theme: the commitment's own columns stay as they were, yet its version is renewed.
        firstForm.Check("Form.ThemeIds", themes["Digitalisering"].ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await firstForm.PostAsync(first)).StatusCode);
        secondForm.Set("Form.Title", "Titel van de tweede");
        var stale = await CommitmentFormPage.FromAsync(await secondForm.PostAsync(second), url);

        Assert.Contains(stale.Errors, e => e.StartsWith("Iemand anders heeft deze toezegging intussen gewijzigd.", StringComparison.Ordinal));
        var meanwhile = stale.Document.QuerySelector(".changed-meanwhile")!;
        var row = meanwhile.QuerySelectorAll("tbody tr").Single();
        Assert.Equal(["Thema's", "–", "Digitalisering"], row.Children.Select(c => c.TextContent).ToList());
        Assert.Equal("Titel van de tweede", stale.Value("Form.Title")); // the input is kept
        await using (var db = app.CreateAdminDbContext())
        {
            var now = await db.Commitments.Include(c => c.Themes).SingleAsync(c => c.Id == id);
            Assert.Equal("Thema's wijzigen", now.Title);
            Assert.Equal(["Digitalisering"], now.Themes.Select(t => t.Name));
        }

        // Having seen the change, the partner saves again on purpose: now it counts.
        Assert.Equal(HttpStatusCode.Redirect, (await stale.PostAsync(second)).StatusCode);
        await using var check = app.CreateAdminDbContext();
        Assert.Equal("Titel van de tweede", (await check.Commitments.SingleAsync(c => c.Id == id)).Title);
    }

    [Fact]
    public async Task A_themes_only_or_co_partners_only_change_from_a_stale_form_is_refused()
    {
        var themes = await ThemesAsync();
        await using var db = app.CreateAdminDbContext();
        var brainport = await db.Organizations.Where(o => o.Name == "Brainport Development").Select(o => o.Id).SingleAsync();
        using var first = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var second = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await CommitmentFormPage.CreateAsync(first, Draft("Verouderd formulier"));
        var url = $"/Commitments/Edit/{id}";

        var themesOnly = await CommitmentFormPage.OpenAsync(second, url);
        var coPartnersOnly = await CommitmentFormPage.OpenAsync(second, url);
        var fresh = await CommitmentFormPage.OpenAsync(first, url);
        fresh.Set("Form.Title", "Eerst opgeslagen");
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.PostAsync(first)).StatusCode);

        themesOnly.Check("Form.ThemeIds", themes["Energietransitie"].ToString());
        var refusedThemes = await CommitmentFormPage.FromAsync(await themesOnly.PostAsync(second), url);
        coPartnersOnly.Set("Form.CoPartners[0].OrganizationId", brainport.ToString()).Set("Form.CoPartners[0].Share", "0");
        var refusedPartners = await CommitmentFormPage.FromAsync(await coPartnersOnly.PostAsync(second), url);

        Assert.Contains(refusedThemes.Errors, e => e.StartsWith("Iemand anders heeft deze toezegging intussen gewijzigd.", StringComparison.Ordinal));
        Assert.Contains(refusedPartners.Errors, e => e.StartsWith("Iemand anders heeft deze toezegging intussen gewijzigd.", StringComparison.Ordinal));
        Assert.Contains("Eerst opgeslagen", refusedThemes.Document.QuerySelector(".changed-meanwhile")!.TextContent);
        await using var check = app.CreateAdminDbContext();
        var after = await check.Commitments.Include(c => c.Themes).Include(c => c.CoPartners).SingleAsync(c => c.Id == id);
        Assert.Equal("Eerst opgeslagen", after.Title);
        Assert.Empty(after.Themes);
        Assert.Empty(after.CoPartners);
    }

    [Fact]
    public async Task Changing_an_approved_commitment_starts_revision_2_and_the_approved_content_keeps_counting()
    {
        var themes = await ThemesAsync();
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await CommitmentFormPage.CreateAsync(limburg, form => form
            .Set("Form.Title", "Goedgekeurde versie").Set("Form.EndDate", "2020-12-31").Set("Form.Budget", "10.000")
            .Check("Form.ThemeIds", themes["Digitalisering"].ToString()).Indicator(0, "docenten", "aantal", "0", "20", "2020-12-31"), "Submit");
        string approvedContent;
        await using (var db = app.CreateAdminDbContext())
        {
            var lead = await db.Users.Where(u => u.Email == "trekker.zuid@techniekpact.test").Select(u => u.Id).SingleAsync();
            var c = await db.Commitments.Include(x => x.Themes).Include(x => x.CoPartners).Include(x => x.Indicators).SingleAsync(x => x.Id == id);
            c.Approve(lead, app.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            approvedContent = c.ApprovedContent!;
        }

        var form = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        // Before saving, the page says what a save will do.
        Assert.Contains("Als u wijzigingen opslaat, begint revisie 2. De goedgekeurde versie blijft meetellen",
            form.Document.QuerySelector("main .notice[role=note]")!.TextContent);
        Assert.Equal("Opslaan als nieuwe revisie", form.Document.QuerySelector(".form-actions button")!.TextContent);
        form.Set("Form.Title", "Tweede revisie").Set("Form.Indicators[0].Target", "30");
        var saved = await form.PostAsync(limburg);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var after = await check.Commitments.Include(c => c.Indicators).SingleAsync(c => c.Id == id);
        Assert.Equal((2, 1, CommitmentStatus.Draft), (after.Revision, after.ApprovedRevision!.Value, after.Status));
        Assert.Equal("Tweede revisie", after.Title);
        Assert.Equal(30m, after.Indicators.Single().Target);
        Assert.Equal(approvedContent, after.ApprovedContent); // what the lead approved is untouched
        var approved = CommitmentContent.FromJson(after.ApprovedContent)!;
        Assert.Equal(("Goedgekeurde versie", 1, (decimal?)20m), (approved.Title, approved.Revision, approved.Indicators.Single().Target));

        var lines = await check.AuditEntries.Where(a => a.EntityType == nameof(Commitment) && a.EntityId == id.ToString()).OrderBy(a => a.Id).ToListAsync();
        var started = lines.Single(a => a.Action == AuditActions.CommitmentRevisionStarted);
        Assert.Equal(2, HistoryDetails.Parse(started.Details)!.Revision);
        var changed = HistoryDetails.Parse(lines.Single(a => a.Action == AuditActions.CommitmentChanged).Details)!;
        Assert.Equal(2, changed.Revision);
        Assert.Contains(new FieldChange(CommitmentChanges.Title, "Goedgekeurde versie", "Tweede revisie"), changed.Changes!);

        // The revision in progress says which revision still counts.
        var again = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        Assert.Contains("U werkt aan revisie 2. De goedgekeurde revisie 1 blijft meetellen", again.Document.QuerySelector("main .notice[role=note]")!.TextContent);
    }

    private async Task<int> SubmittedAsync(TestBrowser browser, string title)
    {
        var themes = await ThemesAsync();
        return await CommitmentFormPage.CreateAsync(browser, form => form
            .Set("Form.Title", title).Set("Form.EndDate", "2020-12-31").Set("Form.Budget", "10.000")
            .Check("Form.ThemeIds", themes["Digitalisering"].ToString()).Indicator(0, "docenten", "aantal", "0", "20", "2020-12-31"), "Submit");
    }

    [Fact]
    public async Task A_returned_commitment_shows_the_leads_comment_and_is_resubmitted_from_the_form()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await SubmittedAsync(limburg, "Terug naar de partner");
        await using (var db = app.CreateAdminDbContext())
        {
            var lead = await db.Users.Where(u => u.Email == "trekker.zuid@techniekpact.test").Select(u => u.Id).SingleAsync();
            var c = await db.Commitments.SingleAsync(x => x.Id == id);
            c.Return(lead, "Hoeveel docenten per jaar?\nEn vanaf wanneer?", app.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        var form = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        Assert.Contains("Hoeveel docenten per jaar?\nEn vanaf wanneer?", form.Document.QuerySelector(".notice.warning .preserve")!.TextContent);
        form.Set("Form.Indicators[0].Name", "docenten per jaar");
        var response = await form.PostAsync(limburg, "Submit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var after = await check.Commitments.Include(c => c.Indicators).SingleAsync(c => c.Id == id);
        Assert.Equal((CommitmentStatus.Submitted, 1, (string?)null), (after.Status, after.Revision, after.ReturnComment));
        Assert.Equal("docenten per jaar", after.Indicators.Single().Name);
        var actions = await check.AuditEntries.Where(a => a.EntityType == nameof(Commitment) && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AuditActions.CommitmentCreated, AuditActions.CommitmentSubmitted, AuditActions.CommitmentChanged, AuditActions.CommitmentSubmitted], actions);
    }

    [Fact]
    public async Task A_change_to_an_approved_commitment_can_be_submitted_at_once_as_revision_2()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await SubmittedAsync(limburg, "Herzien en meteen indienen");
        string approvedContent;
        await using (var db = app.CreateAdminDbContext())
        {
            var lead = await db.Users.Where(u => u.Email == "trekker.zuid@techniekpact.test").Select(u => u.Id).SingleAsync();
            var c = await db.Commitments.Include(x => x.Themes).Include(x => x.CoPartners).Include(x => x.Indicators).SingleAsync(x => x.Id == id);
            c.Approve(lead, app.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            approvedContent = c.ApprovedContent!;
        }
        var mailsBefore = await CountMailsAsync("trekker.zuid@techniekpact.test");

        var form = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        form.Set("Form.Budget", "12.000");
        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(limburg, "Submit")).StatusCode);

        await using var check = app.CreateAdminDbContext();
        var after = await check.Commitments.SingleAsync(c => c.Id == id);
        Assert.Equal((CommitmentStatus.Submitted, 2, 1), (after.Status, after.Revision, after.ApprovedRevision!.Value));
        Assert.Equal(approvedContent, after.ApprovedContent);
        var actions = await check.AuditEntries.Where(a => a.EntityType == nameof(Commitment) && a.EntityId == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal([AuditActions.CommitmentRevisionStarted, AuditActions.CommitmentChanged], actions[^3..^1]);
        Assert.Equal(AuditActions.CommitmentSubmitted, actions[^1]);
        Assert.Equal(mailsBefore + 1, await CountMailsAsync("trekker.zuid@techniekpact.test"));
    }

    private async Task<int> CountMailsAsync(string to)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.OutboxMessages.CountAsync(m => m.To == to);
    }

    [Fact]
    public async Task Saving_an_approved_commitment_without_a_change_starts_no_revision()
    {
        await using var db = app.CreateAdminDbContext();
        var approved = await db.Commitments.AsNoTracking()
            .FirstAsync(c => c.Organization!.Name == DemoAccounts.Drenthe && c.Status == CommitmentStatus.Approved);
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var form = await CommitmentFormPage.OpenAsync(drenthe, $"/Commitments/Edit/{approved.Id}");

        var response = await form.PostAsync(drenthe);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = app.CreateAdminDbContext();
        var after = await check.Commitments.AsNoTracking().SingleAsync(c => c.Id == approved.Id);
        Assert.Equal((CommitmentStatus.Approved, 1, approved.Version), (after.Status, after.Revision, after.Version));
    }

    [Fact]
    public async Task A_commitment_approved_before_approvals_kept_their_content_keeps_its_approved_text_when_revised()
    {
        await using var db = app.CreateAdminDbContext();
        // Commitments approved before approvals kept their content (the migration marks them revision 1
        // approved, without content): made so here from one of Drenthe's approved commitments.
        var legacy = await db.Commitments
            .FirstAsync(c => c.Organization!.Name == DemoAccounts.Drenthe && c.Status == CommitmentStatus.Approved);
        legacy.ApprovedContent = null;
        legacy.ApprovedRevision = 1;
        legacy.Revision = 1;
        await db.SaveChangesAsync();
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var form = await CommitmentFormPage.OpenAsync(drenthe, $"/Commitments/Edit/{legacy.Id}");
        form.Set("Form.Title", legacy.Title + " (herzien)");

        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync(drenthe)).StatusCode);

        await using var check = app.CreateAdminDbContext();
        var after = await check.Commitments.AsNoTracking().SingleAsync(c => c.Id == legacy.Id);
        Assert.Equal((2, 1), (after.Revision, after.ApprovedRevision!.Value));
        Assert.Equal(legacy.Title, CommitmentContent.FromJson(after.ApprovedContent)!.Title);
        Assert.False(after.CanBeDeleted);
    }

    [Fact]
    public async Task Every_save_records_who_and_which_fields_changed_from_what_to_what()
    {
        var themes = await ThemesAsync();
        await using var db = app.CreateAdminDbContext();
        var brainport = await db.Organizations.Where(o => o.Name == "Brainport Development").Select(o => o.Id).SingleAsync();
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await CommitmentFormPage.CreateAsync(limburg, form => form
            .Set("Form.Title", "Voor de geschiedenis").Set("Form.Budget", "1.000").Check("Form.ThemeIds", themes["Digitalisering"].ToString())
            .Indicator(0, "leerlingen", "aantal", "0", "50", "2020-12-31"));

        var edit = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        edit.Set("Form.Title", "Voor de geschiedenis, gewijzigd").Set("Form.Budget", "2.500,50")
            .Uncheck("Form.ThemeIds", themes["Digitalisering"].ToString()).Check("Form.ThemeIds", themes["Energietransitie"].ToString())
            .Set("Form.LeadShare", "60").Set("Form.CoPartners[0].OrganizationId", brainport.ToString()).Set("Form.CoPartners[0].Share", "40")
            .Set("Form.Indicators[0].Target", "75");
        Assert.Equal(HttpStatusCode.Redirect, (await edit.PostAsync(limburg)).StatusCode);

        await using var check = app.CreateAdminDbContext();
        var line = await check.AuditEntries.SingleAsync(a => a.EntityType == nameof(Commitment) && a.EntityId == id.ToString() && a.Action == AuditActions.CommitmentChanged);
        Assert.Equal("partner.limburg@techniekpact.test", line.UserName);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, line.OccurredAt);
        var changes = HistoryDetails.Parse(line.Details)!.Changes!;
        Assert.Contains(new FieldChange(CommitmentChanges.Title, "Voor de geschiedenis", "Voor de geschiedenis, gewijzigd"), changes);
        Assert.Contains(new FieldChange(CommitmentChanges.Budget, "€ 1.000,00", "€ 2.500,50"), changes);
        Assert.Contains(new FieldChange(CommitmentChanges.Themes, "Digitalisering", "Energietransitie"), changes);
        Assert.Contains(new FieldChange(CommitmentChanges.LeadShare, "100%", "60%"), changes);
        Assert.Contains(new FieldChange(CommitmentChanges.CoPartners, null, "Brainport Development (40%)"), changes);
        Assert.Contains(new FieldChange(CommitmentChanges.Indicator, "leerlingen (aantal): 0 → 50 per 31-12-2020", "leerlingen (aantal): 0 → 75 per 31-12-2020"), changes);
        Assert.Equal(6, changes.Count);
    }

    [Fact]
    public async Task A_co_partner_a_regional_lead_and_a_ministry_cannot_open_the_edit_form()
    {
        await using var db = app.CreateAdminDbContext();
        var shared = await db.Commitments.FirstAsync(c => c.CoPartners.Any(p => p.Organization!.Name == DemoAccounts.Drenthe));
        var limburgs = await db.Commitments.FirstAsync(c => c.Organization!.Name == DemoAccounts.LimburgSchool && c.Status == CommitmentStatus.Approved);
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        Assert.True(TestBrowser.IsAccessDenied(await drenthe.GetAsync($"/Commitments/Edit/{shared.Id}")));
        Assert.True(TestBrowser.IsAccessDenied(await drenthe.PostFormAsync($"/Commitments/Edit/{shared.Id}?handler=AddIndicator", [], tokenFrom: "/Commitments")));
        Assert.True(TestBrowser.IsAccessDenied(await lead.GetAsync($"/Commitments/Edit/{shared.Id}")));
        Assert.Equal(HttpStatusCode.NotFound, (await drenthe.GetAsync($"/Commitments/Edit/{limburgs.Id}")).StatusCode);
    }
}
