using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>
/// Accounts: the filtered list, changing role with its organisation or region, deactivating and
/// reactivating (signing in and open sessions included), and what an administrator may not do to
/// their own account.
/// </summary>
public sealed class UserAdminTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static List<string> ListedEmails(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList();

    private static IEnumerable<KeyValuePair<string, string>> UserForm(string role, int? organization = null, int? region = null) =>
        Form(("Form.Role", role), ("Form.OrganizationId", organization?.ToString() ?? ""), ("Form.RegionId", region?.ToString() ?? ""));

    /// <summary>Signed in as the account and still signed in: the overview opens.</summary>
    private static async Task<bool> SessionWorksAsync(TestBrowser browser) =>
        (await browser.GetAsync("/")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task The_list_filters_by_role_region_organisation_state_and_text()
    {
        var noord = await RegionIdAsync(app, "noord");
        var drenthe = await OrganizationIdAsync(app, DemoAccounts.Drenthe);
        var gone = await CreateUserAsync(app, "vertrokken@drenthe.test", Roles.Partner, organizationId: drenthe);
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == gone.Id)).DeactivatedAt = new DateTime(2018, 4, 1, 8, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, leads) = await admin.GetPageAsync($"/Admin/Users?rol={Roles.RegionalLead}&zoek=techniekpact.test");
        Assert.Equal(5, ListedEmails(leads).Count);
        Assert.All(ListedEmails(leads), e => Assert.StartsWith("trekker.", e));

        // A region: its lead, and the partners of organisations in it.
        var (_, region) = await admin.GetPageAsync($"/Admin/Users?landsdeel={noord}");
        Assert.Equal([DemoAccounts.PartnerDrenthe, DemoAccounts.PartnerGroningen, DemoAccounts.TrekkerNoord, "vertrokken@drenthe.test"],
            ListedEmails(region));

        var (_, organization) = await admin.GetPageAsync($"/Admin/Users?organisatie={drenthe}");
        Assert.Equal([DemoAccounts.PartnerDrenthe, "vertrokken@drenthe.test"], ListedEmails(organization));
        Assert.Contains($"Alleen accounts van {DemoAccounts.Drenthe}.", organization.Body!.TextContent);

        var (_, deactivated) = await admin.GetPageAsync($"/Admin/Users?organisatie={drenthe}&status=gedeactiveerd");
        Assert.Equal(["vertrokken@drenthe.test"], ListedEmails(deactivated));
        Assert.Contains("Gedeactiveerd op 01-04-2018", deactivated.QuerySelector("tbody tr")!.TextContent);
        var (_, active) = await admin.GetPageAsync($"/Admin/Users?organisatie={drenthe}&status=actief");
        Assert.Equal([DemoAccounts.PartnerDrenthe], ListedEmails(active));

        // Text: part of the address in any case, of the name, or of the organisation's name.
        var (_, byEmail) = await admin.GetPageAsync("/Admin/Users?zoek=PARTNER.LIMBURG");
        Assert.Equal([DemoAccounts.PartnerLimburg], ListedEmails(byEmail));
        var (_, byName) = await admin.GetPageAsync("/Admin/Users?zoek=ministerie van ezk");
        Assert.Equal([DemoAccounts.Ezk], ListedEmails(byName));
        var (_, byOrganization) = await admin.GetPageAsync("/Admin/Users?zoek=Installatietechniek");
        Assert.Equal([DemoAccounts.PartnerGroningen], ListedEmails(byOrganization));
        var row = byOrganization.QuerySelector("tbody tr")!.TextContent;
        Assert.Contains("Partner", row);
        Assert.Contains(DemoAccounts.GroningenBusiness, row);
        Assert.Contains("Noord", row);

        // Forged filter values are ignored; an organisation that does not exist has no accounts.
        var (forged, anything) = await admin.GetPageAsync("/Admin/Users?rol=Keizer&landsdeel=x&organisatie=-1&pagina=abc");
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Contains(DemoAccounts.Admin, ListedEmails(anything));
        var (_, nobody) = await admin.GetPageAsync("/Admin/Users?organisatie=999999");
        Assert.Empty(ListedEmails(nobody));
    }

    [Fact]
    public async Task The_list_pages_by_fifty()
    {
        var oost = await RegionIdAsync(app, "oost");
        for (var i = 1; i <= 52; i++)
        {
            await CreateUserAsync(app, $"pagina.{i:00}@oost.test", Roles.RegionalLead, regionId: oost, canSignIn: false);
        }
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, first) = await admin.GetPageAsync("/Admin/Users?zoek=pagina.");
        Assert.Equal(50, ListedEmails(first).Count);
        var next = first.QuerySelectorAll("nav[aria-label=Paginering] a").Single().GetAttribute("href")!;
        var (_, second) = await admin.GetPageAsync(next);
        Assert.Equal(["pagina.51@oost.test", "pagina.52@oost.test"], ListedEmails(second));
    }

    [Fact]
    public async Task Making_a_partner_a_regional_lead_gives_the_region_clears_the_organisation_and_records_it_without_addresses()
    {
        var drenthe = await OrganizationIdAsync(app, DemoAccounts.Drenthe);
        var oost = await RegionIdAsync(app, "oost");
        var user = await CreateUserAsync(app, "wordt.trekker@drenthe.test", Roles.Partner, organizationId: drenthe);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(Roles.RegionalLead, drenthe, oost));

        Assert.Contains("Het account is gewijzigd", await FollowAsync(admin, response));
        var (changed, roles) = await AccountAsync(app, "wordt.trekker@drenthe.test");
        Assert.Equal([Roles.RegionalLead], roles);
        Assert.Equal(((int?)null, (int?)oost), (changed.OrganizationId, changed.RegionId));
        Assert.NotEqual(user.SecurityStamp, changed.SecurityStamp);
        var line = Assert.Single(await HistoryAsync(app, nameof(AppUser), user.Id));
        Assert.Equal((AuditActions.UserChanged, DemoAccounts.Admin), (line.Action, line.UserName));
        Assert.Equal(new FieldChange("Role", "Partner", "Landsdeeltrekker"), Change(line, "Role"));
        Assert.Equal(new FieldChange("Organization", DemoAccounts.Drenthe, null), Change(line, "Organization"));
        Assert.Equal(new FieldChange("Region", null, "Oost"), Change(line, "Region"));
        Assert.DoesNotContain("@", line.Details);
    }

    [Fact]
    public async Task Ministry_and_administrator_roles_clear_both_anchors()
    {
        var oost = await RegionIdAsync(app, "oost");
        var drenthe = await OrganizationIdAsync(app, DemoAccounts.Drenthe);
        var user = await CreateUserAsync(app, "naar.ministerie@oost.test", Roles.RegionalLead, regionId: oost);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        // Whatever organisation and region the form still carries.
        var response = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(Roles.Ministry, drenthe, oost));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (changed, roles) = await AccountAsync(app, "naar.ministerie@oost.test");
        Assert.Equal([Roles.Ministry], roles);
        Assert.Equal(((int?)null, (int?)null), (changed.OrganizationId, changed.RegionId));

        var promoted = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(Roles.Administrator));
        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
        Assert.Equal([Roles.Administrator], (await AccountAsync(app, "naar.ministerie@oost.test")).Roles);
    }

    [Theory]
    [InlineData(Roles.Partner, "Een partner hoort bij een organisatie")]
    [InlineData(Roles.RegionalLead, "Een landsdeeltrekker hoort bij een landsdeel")]
    [InlineData("Keizer", "Kies een rol")]
    [InlineData("", "Kies een rol")]
    public async Task A_role_without_its_anchor_or_an_unknown_role_is_refused(string role, string message)
    {
        var user = await CreateUserAsync(app, $"anker.{Guid.NewGuid():N}@test.test", Roles.Ministry);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(role));

        Assert.Contains(message, await RefusedAsync(response));
        Assert.Equal([Roles.Ministry], (await AccountAsync(app, user.Email!)).Roles);
        Assert.Empty(await HistoryAsync(app, nameof(AppUser), user.Id));
    }

    [Theory]
    [InlineData("999999", "")]
    [InlineData("Brainport", "")]
    [InlineData("", "999999")]
    public async Task A_forged_organisation_or_region_is_refused(string organization, string region)
    {
        var user = await CreateUserAsync(app, $"vals.{Guid.NewGuid():N}@test.test", Roles.Ministry);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", Form(
            ("Form.Role", organization.Length > 0 ? Roles.Partner : Roles.RegionalLead), ("Form.OrganizationId", organization), ("Form.RegionId", region)));

        Assert.Contains(organization.Length > 0 ? "Een partner hoort bij een organisatie" : "Een landsdeeltrekker hoort bij een landsdeel", await RefusedAsync(response));
        Assert.Equal([Roles.Ministry], (await AccountAsync(app, user.Email!)).Roles);
    }

    [Fact]
    public async Task An_organisation_is_found_by_part_of_its_name_without_losing_the_chosen_role_and_then_chosen()
    {
        var user = await CreateUserAsync(app, "nieuwe.partner@brainport.test", Roles.Ministry);
        var brainport = await OrganizationIdAsync(app, "Brainport Development");
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, before) = await admin.GetPageAsync($"/Admin/Users/Edit/{user.Id}");
        Assert.Single(before.QuerySelectorAll("#Form_OrganizationId option")); // only "–": nothing to scroll through yet

        var found = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}?handler=FindOrganization",
            Form(("Form.Role", Roles.Partner), ("Form.OrganizationSearch", "brainport"), ("Form.OrganizationId", ""), ("Form.RegionId", "")));
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var page = TestBrowser.Parse(await found.Content.ReadAsStringAsync());
        Assert.Null(page.QuerySelector(".error-summary"));
        Assert.Equal("1 organisatie(s) gevonden.", page.QuerySelector("p[role=status]")!.TextContent);
        Assert.Equal(["–", "Brainport Development"], page.QuerySelectorAll("#Form_OrganizationId option").Select(o => o.TextContent).ToList());
        Assert.NotNull(page.QuerySelector($"input[name='Form.Role'][value={Roles.Partner}][checked]"));
        Assert.Equal("brainport", page.QuerySelector("#Form_OrganizationSearch")!.GetAttribute("value"));
        Assert.Equal((await AccountAsync(app, user.Email!)).Roles, [Roles.Ministry]); // a search saves nothing

        var saved = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(Roles.Partner, brainport));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (account, roles) = await AccountAsync(app, user.Email!);
        Assert.Equal([Roles.Partner], roles);
        Assert.Equal(brainport, account.OrganizationId);

        var (_, after) = await admin.GetPageAsync($"/Admin/Users/Edit/{user.Id}");
        Assert.Contains("Brainport Development", after.QuerySelector("dl.facts")!.TextContent);
    }

    [Fact]
    public async Task A_deactivated_organisation_gets_no_new_accounts()
    {
        var closed = await OrganizationIdAsync(app, "Gemeente Emmen");
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Organizations.SingleAsync(o => o.Id == closed)).DeactivatedAt = new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            await db.SaveChangesAsync();
        }
        var user = await CreateUserAsync(app, "naar.emmen@test.test", Roles.Ministry);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(Roles.Partner, closed));

        Assert.Contains("Gemeente Emmen is gedeactiveerd en krijgt geen nieuwe accounts", await RefusedAsync(response));
        Assert.Null((await AccountAsync(app, user.Email!)).User.OrganizationId);
    }

    [Fact]
    public async Task An_administrator_cannot_demote_or_deactivate_themselves()
    {
        var (self, _) = await AccountAsync(app, DemoAccounts.Admin);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, page) = await admin.GetPageAsync($"/Admin/Users/Edit/{self.Id}");
        Assert.Null(page.QuerySelector("form[action*=Deactivate]"));
        Assert.Contains("Dit is uw eigen account", page.Body!.TextContent);

        var demoted = await admin.PostFormAsync($"/Admin/Users/Edit/{self.Id}", UserForm(Roles.Ministry));
        Assert.Contains("U kunt uw eigen rol als beheerder niet afnemen", await RefusedAsync(demoted));
        var deactivated = await admin.PostFormAsync($"/Admin/Users/Edit/{self.Id}?handler=Deactivate", []);
        Assert.Contains("U kunt uw eigen account niet deactiveren", await RefusedAsync(deactivated));

        var (after, roles) = await AccountAsync(app, DemoAccounts.Admin);
        Assert.Equal([Roles.Administrator], roles);
        Assert.Null(after.DeactivatedAt);
        Assert.Null(after.LockoutEnd);
        Assert.True(await SessionWorksAsync(admin));
    }

    [Fact]
    public async Task A_deactivated_user_can_no_longer_sign_in_their_open_session_ends_and_reactivation_lets_them_in_again()
    {
        var limburg = await OrganizationIdAsync(app, DemoAccounts.LimburgSchool);
        var user = await CreateUserAsync(app, "vertrekt@limburg.test", Roles.Partner, organizationId: limburg);
        using var session = await app.SignInAsync(user.Email!);
        Assert.True(await SessionWorksAsync(session));
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var response = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}?handler=Deactivate", []);

        var page = await FollowAsync(admin, response);
        Assert.Contains("Het account is gedeactiveerd", page);
        Assert.Contains("Gedeactiveerd op 01-05-2018 10:00", page);
        var (account, roles) = await AccountAsync(app, user.Email!);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, account.DeactivatedAt);
        Assert.True(account.LockoutEnd > DateTimeOffset.UtcNow.AddYears(1000));
        Assert.Equal([Roles.Partner], roles); // what the user was stays
        Assert.Equal((int?)limburg, account.OrganizationId);

        // Signing in again fails, with the right password.
        using (var again = app.Anonymous())
        {
            var signIn = await again.SignInAsync(user.Email!, CommitmentsWebFactory.Password);
            Assert.False(signIn.StatusCode == HttpStatusCode.Redirect && signIn.Headers.Location!.OriginalString == "/");
            Assert.False(await SessionWorksAsync(again));
        }
        // The open session ends when the security stamp is next checked (at most 5 minutes).
        app.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(TestBrowser.IsRedirectToLogin(await session.GetAsync("/")));

        var reactivated = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}?handler=Reactivate", []);
        Assert.Contains("Het account is weer actief", await FollowAsync(admin, reactivated));
        var (back, _) = await AccountAsync(app, user.Email!);
        Assert.Null(back.DeactivatedAt);
        Assert.Null(back.LockoutEnd);
        using var returned = await app.SignInAsync(user.Email!);
        Assert.True(await SessionWorksAsync(returned));

        Assert.Equal([AuditActions.UserDeactivated, AuditActions.UserReactivated],
            (await HistoryAsync(app, nameof(AppUser), user.Id)).Select(h => h.Action));
    }

    [Fact]
    public async Task A_changed_role_ends_the_users_open_session_and_the_next_sign_in_has_the_new_role()
    {
        var user = await CreateUserAsync(app, "wordt.ministerie@test.test", Roles.Partner, organizationId: await OrganizationIdAsync(app, "TU Delft"));
        using var session = await app.SignInAsync(user.Email!);
        Assert.True(TestBrowser.IsAccessDenied(await session.GetAsync("/Progress/NotReported")));
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var changed = await admin.PostFormAsync($"/Admin/Users/Edit/{user.Id}", UserForm(Roles.Ministry));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        // The old cookie still carries the partner's organisation: it must not outlive the change for
        // longer than the security stamp's validation interval.
        app.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(TestBrowser.IsRedirectToLogin(await session.GetAsync("/Commitments")));

        using var again = await app.SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Progress/NotReported")).StatusCode);
        Assert.True(TestBrowser.IsAccessDenied(await again.GetAsync("/Commitments/Create")));
    }

    [Fact]
    public async Task An_unknown_account_is_not_found_for_every_handler()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/Admin/Users/Edit/onbekend")).StatusCode);
        foreach (var handler in new[] { "", "?handler=Deactivate", "?handler=Reactivate", "?handler=FindOrganization" })
        {
            var post = await admin.PostFormAsync($"/Admin/Users/Edit/{Guid.NewGuid()}{handler}", UserForm(Roles.Ministry), tokenFrom: "/Admin/Users");
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
    }
}
