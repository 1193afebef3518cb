using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>
/// Co-partners found by part of their name (no list of every organisation), shares that add up to
/// 100 before submitting, and the request to confirm that goes to each newly named co-partner.
/// </summary>
public sealed class CoPartnerFormTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var db = app.CreateAdminDbContext();
        if (await db.Organizations.AnyAsync(o => o.Name == "100% Techniek B.V."))
        {
            return;
        }
        var zuid = await db.Regions.Where(r => r.Code == "zuid").Select(r => r.Id).SingleAsync();
        db.Organizations.AddRange(
            new Organization { Name = "100% Techniek B.V.", Type = OrganizationType.Business, RegionId = zuid },
            new Organization { Name = "Techniek_Lab Zeeland", Type = OrganizationType.Business, RegionId = zuid },
            new Organization { Name = "TechniekXLab Zeeland", Type = OrganizationType.Business, RegionId = zuid },
            new Organization { Name = "Gesloten Techniekwerkplaats", Type = OrganizationType.Business, RegionId = zuid, DeactivatedAt = new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> OrganizationAsync(string name)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    private static async Task<List<string>> SearchAsync(TestBrowser browser, string text)
    {
        var form = await CommitmentFormPage.OpenAsync(browser, "/Commitments/Create");
        form = await form.Set("Form.CoPartnerSearch", text).StepAsync(browser, "Search");
        return form.Document.QuerySelectorAll("#copartner-results li > span").Select(s => s.TextContent).ToList();
    }

    [Fact]
    public async Task The_form_lists_no_organisations_until_the_partner_searches()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");

        Assert.Null(form.Document.QuerySelector("select"));
        Assert.Null(form.Document.QuerySelector("#copartner-results"));
        Assert.Empty(form.Document.QuerySelectorAll("button[name=addCoPartner]"));
    }

    [Theory]
    [InlineData("brainport", "Brainport Development")]
    [InlineData("RAINPORT DEV", "Brainport Development")]
    [InlineData("  drenthe COLLEGE ", "Drenthe College")]
    public async Task Search_finds_an_organisation_by_part_of_its_name_whatever_the_case(string text, string expected)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        Assert.Equal([expected], await SearchAsync(limburg, text));
    }

    [Fact]
    public async Task Percent_and_underscore_are_searched_as_the_characters_themselves()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Equal(["100% Techniek B.V."], await SearchAsync(limburg, "%"));
        Assert.Equal(["Techniek_Lab Zeeland"], await SearchAsync(limburg, "k_l"));
        Assert.Empty(await SearchAsync(limburg, "100%x"));
    }

    [Fact]
    public async Task Search_leaves_out_the_own_organisation_deactivated_ones_and_shows_at_most_20()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        Assert.Empty(await SearchAsync(limburg, "Techniekcollege Limburg"));
        Assert.Empty(await SearchAsync(limburg, "Gesloten"));
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form = await form.Set("Form.CoPartnerSearch", "e").StepAsync(limburg, "Search");
        Assert.Equal(20, form.Document.QuerySelectorAll("#copartner-results li").Length);
        Assert.Contains("Meer dan 20 organisaties gevonden", form.Document.QuerySelector("#copartner-results [role=status]")!.TextContent);
    }

    [Fact]
    public async Task A_deactivated_organisation_cannot_be_named_even_by_a_forged_post()
    {
        var closed = await OrganizationAsync("Gesloten Techniekwerkplaats");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Met gesloten partner");

        var step = await form.StepAsync(limburg, "AddCoPartner", ("addCoPartner", closed.ToString()));
        Assert.Contains(step.Errors, e => e.StartsWith("Gesloten Techniekwerkplaats doet niet meer mee aan het Techniekpact", StringComparison.Ordinal));
        Assert.Null(step.Value("Form.CoPartners[0].OrganizationId"));

        form.Set("Form.LeadShare", "50").Set("Form.CoPartners[0].OrganizationId", closed.ToString()).Set("Form.CoPartners[0].Share", "50");
        var save = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);
        Assert.Contains(save.Errors, e => e.StartsWith("Gesloten Techniekwerkplaats doet niet meer mee aan het Techniekpact", StringComparison.Ordinal));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == "Met gesloten partner"));
    }

    [Fact]
    public async Task Adding_and_removing_co_partners_keeps_what_was_typed_and_saves_nothing()
    {
        var brainport = await OrganizationAsync("Brainport Development");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Samen met Brainport").Set("Form.Budget", "5.000").Set("Form.CoPartnerSearch", "brainport");

        form = await form.StepAsync(limburg, "Search");
        form = await form.StepAsync(limburg, "AddCoPartner", ("addCoPartner", brainport.ToString()));

        Assert.Equal(brainport.ToString(), form.Value("Form.CoPartners[0].OrganizationId"));
        var share = form.Document.GetElementById("Form_CoPartners[0]_Share")!;
        Assert.True(share.HasAttribute("autofocus")); // the cursor goes to the new share
        Assert.Equal("Aandeel van Brainport Development, in %", form.Document.QuerySelector("label[for='Form_CoPartners[0]_Share']")!.TextContent);
        Assert.Contains("Nieuw: na opslaan krijgt deze organisatie het verzoek om te bevestigen.", form.Document.GetElementById("Form_CoPartners[0]_Share_hint")!.TextContent);
        Assert.Empty(form.Document.QuerySelectorAll("#copartner-results li")); // already chosen
        Assert.Equal(("Samen met Brainport", "5.000"), (form.Value("Form.Title"), form.Value("Form.Budget")));

        form.Set("Form.CoPartners[0].Share", "30");
        form = await form.StepAsync(limburg, "RemoveCoPartner", ("removeCoPartner", brainport.ToString()));
        Assert.Null(form.Value("Form.CoPartners[0].OrganizationId"));
        Assert.Equal("Samen met Brainport", form.Value("Form.Title"));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == "Samen met Brainport"));
    }

    [Fact]
    public async Task Shares_that_do_not_add_up_to_100_may_be_saved_as_a_draft_but_not_submitted()
    {
        var brainport = await OrganizationAsync("Brainport Development");
        var theme = await ThemeAsync("Digitalisering");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "Aandelen 140%").Set("Form.EndDate", "2020-12-31").Set("Form.Budget", "1.000").Check("Form.ThemeIds", theme.ToString())
            .Indicator(0, "deelnemers", "aantal", "0", "10", "2020-12-31")
            .Set("Form.LeadShare", "100").Set("Form.CoPartners[0].OrganizationId", brainport.ToString()).Set("Form.CoPartners[0].Share", "40");

        var refused = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg, "Submit"), form.Url);
        Assert.Equal("#Form_LeadShare", refused.ErrorLinks["De aandelen tellen samen op tot 140%; dat moet precies 100% zijn."]);
        Assert.Contains("Samen: 140%", refused.Document.QuerySelector(".share-total")!.TextContent);

        var draft = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg));
        await using var db = app.CreateAdminDbContext();
        Assert.Equal(CommitmentStatus.Draft, (await db.Commitments.SingleAsync(c => c.Id == draft)).Status);

        var edit = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{draft}");
        Assert.Contains("aandelen die samen 100% zijn", edit.Document.QuerySelector(".smart-hints")!.TextContent);
        edit.Set("Form.LeadShare", "60");
        Assert.Equal(HttpStatusCode.Redirect, (await edit.PostAsync(limburg, "Submit")).StatusCode);
        await using var check = app.CreateAdminDbContext();
        var submitted = await check.Commitments.SingleAsync(c => c.Id == draft);
        Assert.Equal((CommitmentStatus.Submitted, 60m), (submitted.Status, submitted.LeadSharePercent));
    }

    [Theory]
    [InlineData("150")]
    [InlineData("-1")]
    [InlineData("33,333")]
    [InlineData("")]
    public async Task Each_share_must_be_a_percentage_from_0_to_100_even_in_a_draft(string share)
    {
        var brainport = await OrganizationAsync("Brainport Development");
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var title = $"Aandeel '{share}'";
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", title).Set("Form.CoPartners[0].OrganizationId", brainport.ToString()).Set("Form.CoPartners[0].Share", share);

        form = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

        Assert.Contains(form.Errors, e => e.StartsWith("Vul het aandeel van Brainport Development in", StringComparison.Ordinal));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == title));
    }

    [Fact]
    public async Task Newly_named_co_partners_are_asked_in_their_own_language_and_a_confirmed_one_again_when_its_share_changes()
    {
        var drenthe = await OrganizationAsync(DemoAccounts.Drenthe);
        var groningen = await OrganizationAsync(DemoAccounts.GroningenBusiness);
        await using (var db = app.CreateAdminDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerDrenthe);
            user.Culture = "en-GB";
            await db.SaveChangesAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var id = await CommitmentFormPage.CreateAsync(limburg, form => form
            .Set("Form.Title", "Samen met het noorden").Set("Form.LeadShare", "40")
            .Set("Form.CoPartners[0].OrganizationId", drenthe.ToString()).Set("Form.CoPartners[0].Share", "40")
            .Set("Form.CoPartners[1].OrganizationId", groningen.ToString()).Set("Form.CoPartners[1].Share", "20"));

        await using (var db = app.CreateAdminDbContext())
        {
            var toDrenthe = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerDrenthe && m.Subject.Contains("Samen met het noorden"));
            Assert.Equal("Request to be co-partner: Samen met het noorden", toDrenthe.Subject);
            Assert.Contains("with a share of 40%", toDrenthe.TextBody);
            Assert.Contains($"/Commitments/Details/{id}", toDrenthe.TextBody);
            var toGroningen = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerGroningen && m.Subject.Contains("Samen met het noorden"));
            Assert.Equal("Verzoek om co-partner te zijn: Samen met het noorden", toGroningen.Subject);

            // Drenthe confirms its 40%.
            var partner = await db.Set<CommitmentCoPartner>().SingleAsync(p => p.CommitmentId == id && p.OrganizationId == drenthe);
            partner.Answer(confirm: true, app.Time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }

        // A change that leaves the co-partners alone asks nobody again.
        var edit = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        edit.Set("Form.Description", "Met een omschrijving");
        Assert.Equal(HttpStatusCode.Redirect, (await edit.PostAsync(limburg)).StatusCode);

        // The page says, before saving, that changing a confirmed share asks for confirmation again.
        edit = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        var drentheRow = edit.Fields.First(f => f.Key.EndsWith(".OrganizationId", StringComparison.Ordinal) && f.Value == drenthe.ToString()).Key;
        var row = drentheRow["Form.CoPartners[".Length..drentheRow.IndexOf(']')];
        Assert.Contains("Bevestigd bij een aandeel van 40%. Als u het aandeel wijzigt, wordt opnieuw om bevestiging gevraagd.",
            edit.Document.GetElementById($"Form_CoPartners[{row}]_Share_hint")!.TextContent);
        edit.Set($"Form.CoPartners[{row}].Share", "50").Set("Form.LeadShare", "30");
        var saved = await edit.PostAsync(limburg);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (_, details) = await limburg.GetPageAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Provincie Drenthe: het aandeel is gewijzigd en moet opnieuw worden bevestigd.", details.QuerySelector("[role=status]")!.TextContent);

        await using var check = app.CreateAdminDbContext();
        var again = await check.Set<CommitmentCoPartner>().SingleAsync(p => p.CommitmentId == id && p.OrganizationId == drenthe);
        Assert.Equal((CoPartnerResponse.Pending, (DateTime?)null, 50m), (again.Response, again.RespondedAt, again.SharePercent));
        var mails = await check.OutboxMessages.Where(m => m.Subject.Contains("Samen met het noorden")).Select(m => new { m.To, m.TextBody }).ToListAsync();
        Assert.Equal(2, mails.Count(m => m.To == DemoAccounts.PartnerDrenthe));
        Assert.Contains(mails, m => m.To == DemoAccounts.PartnerDrenthe && m.TextBody.Contains("with a share of 50%"));
        Assert.Equal(1, mails.Count(m => m.To == DemoAccounts.PartnerGroningen));
    }

    private async Task<int> ThemeAsync(string name)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Themes.Where(t => t.Name == name).Select(t => t.Id).SingleAsync();
    }
}
