using System.Net;
using System.Text.RegularExpressions;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Account;

/// <summary>No open registration: people arrive by invitation, partners only into their own organisation.</summary>
public sealed partial class InvitationTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_partner_invites_a_colleague_who_creates_an_account_in_the_same_organisation()
    {
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var invite = await drenthe.PostFormAsync("/Invitations/Create",
            ("Email", "collega@drenthe.test"),
            // A forged attempt to invite an administrator into another organisation:
            ("Role", Roles.Administrator), ("OrganizationId", "1"), ("RegionId", "1"));
        Assert.Equal(HttpStatusCode.Redirect, invite.StatusCode);

        await using var db = app.CreateAdminDbContext();
        var drentheId = await db.Organizations.Where(o => o.Name == DemoAccounts.Drenthe).Select(o => o.Id).SingleAsync();
        var invitation = await db.Invitations.SingleAsync(i => i.Email == "collega@drenthe.test");
        Assert.Equal(Roles.Partner, invitation.Role);
        Assert.Equal(drentheId, invitation.OrganizationId);
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "collega@drenthe.test");
        var path = new Uri(AcceptLink().Match(mail.TextBody).Value).PathAndQuery;
        Assert.DoesNotContain(invitation.TokenHash, mail.TextBody); // only the hash is stored, only the token is sent

        using var colleague = app.Anonymous();
        var accept = await colleague.PostFormAsync(path, ("DisplayName", "Anne de Vries"), ("Password", "Welkom-in-Assen-2018"));
        Assert.True(TestBrowser.IsRedirectToLogin(accept));
        var signIn = await colleague.SignInAsync("collega@drenthe.test", "Welkom-in-Assen-2018");
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        await using var check = app.CreateAdminDbContext();
        var user = await check.Users.SingleAsync(u => u.Email == "collega@drenthe.test");
        Assert.Equal(drentheId, user.OrganizationId);
        Assert.Equal("Anne de Vries", user.DisplayName);

        // An invitation is used once.
        var (_, page) = await colleague.GetPageAsync(path);
        Assert.Contains("onbekend, verlopen of al gebruikt", page.Body!.TextContent);
    }

    [Fact]
    public async Task An_administrator_invites_a_regional_lead_for_a_region()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await using var db = app.CreateAdminDbContext();
        var oost = await db.Regions.SingleAsync(r => r.Code == "oost");

        var response = await admin.PostFormAsync("/Invitations/Create",
            ("Email", "nieuwe.trekker@oost.test"), ("Role", Roles.RegionalLead), ("RegionId", oost.Id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var invitation = await db.Invitations.SingleAsync(i => i.Email == "nieuwe.trekker@oost.test");
        Assert.Equal(Roles.RegionalLead, invitation.Role);
        Assert.Equal(oost.Id, invitation.RegionId);
        Assert.Null(invitation.OrganizationId);
    }

    [Fact]
    public async Task An_invitation_without_the_region_of_a_regional_lead_is_refused_with_a_message()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.PostFormAsync("/Invitations/Create",
            ("Email", "zonder.landsdeel@test.test"), ("Role", Roles.RegionalLead), ("RegionId", ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Kies het landsdeel van de landsdeeltrekker", await response.Content.ReadAsStringAsync());
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Invitations.AnyAsync(i => i.Email == "zonder.landsdeel@test.test"));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == "zonder.landsdeel@test.test"));
    }

    [Fact]
    public async Task A_password_that_breaks_the_rules_is_refused_and_the_invitation_stays_open()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await admin.PostFormAsync("/Invitations/Create", ("Email", "ocw.nieuw@minocw.test"), ("Role", Roles.Ministry));
        var path = await AcceptPathForAsync(app, "ocw.nieuw@minocw.test");

        using var invitee = app.Anonymous();
        var refused = await invitee.PostFormAsync(path, ("DisplayName", "Nieuwe medewerker"), ("Password", "kort"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("minstens 12 tekens", await refused.Content.ReadAsStringAsync());
        var common = await invitee.PostFormAsync(path, ("DisplayName", "Nieuwe medewerker"), ("Password", "Wachtwoord2018!"));
        Assert.Contains("lijst van veelgebruikte en gelekte wachtwoorden", await common.Content.ReadAsStringAsync());

        var accepted = await invitee.PostFormAsync(path, ("DisplayName", "Nieuwe medewerker"), ("Password", "Lang-genoeg-wachtwoord-1"));
        Assert.True(TestBrowser.IsRedirectToLogin(accepted));
        await using var db = app.CreateAdminDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == "ocw.nieuw@minocw.test");
        var roleIds = db.UserRoles.Where(r => r.UserId == user.Id).Select(r => r.RoleId);
        Assert.Equal([Roles.Ministry], await db.Roles.Where(r => roleIds.Contains(r.Id)).Select(r => r.Name!).ToListAsync());
    }

    internal static async Task<string> AcceptPathForAsync(CommitmentsWebFactory app, string email)
    {
        await using var db = app.CreateAdminDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == email);
        return new Uri(AcceptLink().Match(mail.TextBody).Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/Account/AcceptInvitation\S+")]
    private static partial Regex AcceptLink();
}

/// <summary>An invitation expires after 14 days (own application: this test moves the clock).</summary>
public sealed class InvitationExpiryTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task An_invitation_older_than_fourteen_days_can_no_longer_be_accepted()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await admin.PostFormAsync("/Invitations/Create", ("Email", "laat@ezk.test"), ("Role", Roles.Ministry));
        var path = await InvitationTests.AcceptPathForAsync(app, "laat@ezk.test");

        app.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        using var invitee = app.Anonymous();
        var (_, page) = await invitee.GetPageAsync(path);
        Assert.Contains("onbekend, verlopen of al gebruikt", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("input[name=Password]"));
        // Posting anyway (with a token from another page) creates nothing either.
        var forged = await invitee.PostFormAsync(path,
            [new("DisplayName", "Te laat"), new("Password", "Lang-genoeg-wachtwoord-1")], tokenFrom: "/Account/Login");
        Assert.Contains("onbekend, verlopen of al gebruikt", await forged.Content.ReadAsStringAsync());
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "laat@ezk.test"));
    }
}
