using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Commitments;

public sealed class EditCommitmentTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static IEnumerable<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));

    [Fact]
    public async Task A_partner_registers_a_draft_and_every_field_is_kept_exactly_as_typed()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await using var db = app.CreateAdminDbContext();
        var theme = await db.Themes.FirstAsync(t => t.Name == "Digitalisering");
        var coPartner = await db.Organizations.FirstAsync(o => o.Name == "Brainport Development");

        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", "3/4 van de leerlingen kiest techniek")
            .Set("Form.Description", "  Regel 1\nRegel 2 met =SUM(A1) en <b>geen opmaak</b>  ")
            .Set("Form.StartDate", "2018-09-01").Set("Form.EndDate", "2020-12-31")
            .Set("Form.Budget", "1.234,56").Check("Form.ThemeIds", theme.Id.ToString())
            .Set("Form.LeadShare", "75").Set("Form.CoPartners[0].OrganizationId", coPartner.Id.ToString()).Set("Form.CoPartners[0].Share", "25");
        var response = await form.PostAsync(limburg);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await db.Commitments.Include(c => c.Themes).Include(c => c.CoPartners)
            .SingleAsync(c => c.Title == "3/4 van de leerlingen kiest techniek");
        Assert.Equal(CommitmentStatus.Draft, saved.Status);
        Assert.Equal("  Regel 1\nRegel 2 met =SUM(A1) en <b>geen opmaak</b>  ", saved.Description);
        Assert.Equal(1234.56m, saved.BudgetEuros);
        Assert.Equal(new DateOnly(2020, 12, 31), saved.EndDate);
        Assert.Equal([theme.Id], saved.Themes.Select(t => t.Id));
        Assert.Equal([(coPartner.Id, 25m)], saved.CoPartners.Select(p => (p.OrganizationId, p.SharePercent)));
        Assert.Equal(75m, saved.LeadSharePercent);

        var (_, page) = await limburg.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("3/4 van de leerlingen kiest techniek", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("<b>geen opmaak</b>", page.Body!.TextContent); // shown as text, not as markup
        Assert.Contains("€ 1.234,56", page.Body.TextContent.Replace('\u00A0', ' '));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityId == saved.Id.ToString() && a.Action == AuditActions.CommitmentCreated));
    }

    [Theory]
    [InlineData("1.234.56")]
    [InlineData("twaalf")]
    [InlineData("12,345")]
    public async Task An_unreadable_budget_is_refused_with_a_message_and_nothing_is_saved(string budget)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var title = $"Begroting {budget}";
        var response = await limburg.PostFormAsync("/Commitments/Create", Form(("Form.Title", title), ("Form.Budget", budget)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Vul het budget in euro", html);
        var page = TestBrowser.Parse(html);
        Assert.Equal(budget, page.QuerySelector("#Form_Budget")!.GetAttribute("value")); // the input is kept
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == title));
    }

    [Fact]
    public async Task An_end_date_before_the_start_date_is_refused()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var response = await limburg.PostFormAsync("/Commitments/Create", Form(
            ("Form.Title", "Omgekeerde looptijd"), ("Form.StartDate", "2020-01-01"), ("Form.EndDate", "2019-01-01")));
        Assert.Contains("De einddatum ligt vóór de startdatum", await response.Content.ReadAsStringAsync());
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == "Omgekeerde looptijd"));
    }

    [Fact]
    public async Task A_stale_edit_does_not_overwrite_a_newer_save()
    {
        await using var db = app.CreateAdminDbContext();
        var draft = await db.Commitments.FirstAsync(c => c.Organization!.Name == DemoAccounts.LimburgSchool && c.Status == CommitmentStatus.Draft);
        using var first = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        using var second = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        var firstForm = await CommitmentFormPage.OpenAsync(first, $"/Commitments/Edit/{draft.Id}");
        var secondForm = await CommitmentFormPage.OpenAsync(second, $"/Commitments/Edit/{draft.Id}");

        var saved = await firstForm.Set("Form.Title", "Eerste versie").PostAsync(first);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stale = await secondForm.Set("Form.Title", "Tweede, verouderde versie").PostAsync(second);

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Iemand anders heeft deze toezegging intussen gewijzigd", await stale.Content.ReadAsStringAsync());
        await using var check = app.CreateAdminDbContext();
        Assert.Equal("Eerste versie", (await check.Commitments.SingleAsync(c => c.Id == draft.Id)).Title);
    }

    [Fact]
    public async Task A_partner_deletes_its_own_draft_but_not_an_approved_commitment()
    {
        await using var db = app.CreateAdminDbContext();
        var approved = await db.Commitments.FirstAsync(c => c.Organization!.Name == DemoAccounts.GroningenBusiness && c.Status != CommitmentStatus.Draft);
        var draft = await db.Commitments.FirstAsync(c => c.Organization!.Name == DemoAccounts.GroningenBusiness && c.Status == CommitmentStatus.Draft);
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);

        Assert.True(TestBrowser.IsAccessDenied(await groningen.PostFormAsync($"/Commitments/Delete/{approved.Id}", [], tokenFrom: "/Commitments/Create")));
        Assert.Equal(HttpStatusCode.Redirect, (await groningen.PostFormAsync($"/Commitments/Delete/{draft.Id}", [])).StatusCode);

        await using var check = app.CreateAdminDbContext();
        Assert.True(await check.Commitments.AnyAsync(c => c.Id == approved.Id));
        Assert.False(await check.Commitments.AnyAsync(c => c.Id == draft.Id));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.EntityId == draft.Id.ToString() && a.Action == AuditActions.CommitmentDeleted));
    }
}
