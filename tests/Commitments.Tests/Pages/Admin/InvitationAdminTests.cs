using System.Net;
using System.Text.RegularExpressions;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>Open invitations: which are listed, and revoking one so that its link stops working.</summary>
public sealed partial class InvitationAdminTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<Invitation> AddInvitationAsync(string email, string role = Roles.Partner, int? organizationId = null, int? regionId = null,
        TimeSpan? expiresIn = null, bool accepted = false)
    {
        var now = app.Time.GetUtcNow().UtcDateTime;
        await using var db = app.CreateAdminDbContext();
        var admin = await db.Users.Where(u => u.Email == DemoAccounts.Admin).Select(u => u.Id).SingleAsync();
        var invitation = new Invitation
        {
            Email = email, Role = role, OrganizationId = organizationId, RegionId = regionId,
            TokenHash = Convert.ToHexString(Guid.NewGuid().ToByteArray()).PadRight(64, '0'),
            InvitedByUserId = admin, CreatedAt = now.AddDays(-1), ExpiresAt = now + (expiresIn ?? TimeSpan.FromDays(13)),
            AcceptedAt = accepted ? now.AddHours(-1) : null,
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return invitation;
    }

    [Fact]
    public async Task Only_invitations_that_can_still_be_accepted_are_listed_with_their_role_and_organisation_or_region()
    {
        var drenthe = await OrganizationIdAsync(app, DemoAccounts.Drenthe);
        var zuid = await RegionIdAsync(app, "zuid");
        await AddInvitationAsync("open.partner@lijst.test", Roles.Partner, organizationId: drenthe, expiresIn: TimeSpan.FromDays(2));
        await AddInvitationAsync("open.trekker@lijst.test", Roles.RegionalLead, regionId: zuid, expiresIn: TimeSpan.FromDays(1));
        await AddInvitationAsync("gebruikt@lijst.test", accepted: true);
        await AddInvitationAsync("verlopen@lijst.test", expiresIn: TimeSpan.FromMinutes(-1));
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (response, page) = await admin.GetPageAsync("/Admin/Invitations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).Where(r => r.Contains("@lijst.test")).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("open.trekker@lijst.test", rows[0]); // expiring first comes first
        Assert.Contains("Landsdeeltrekker", rows[0]);
        Assert.Contains("Zuid", rows[0]);
        Assert.Contains("02-05-2018 10:00", rows[0]);
        Assert.Contains("open.partner@lijst.test", rows[1]);
        Assert.Contains(DemoAccounts.Drenthe, rows[1]);
        Assert.Contains("30-04-2018 10:00", rows[1]);
    }

    [Fact]
    public async Task A_revoked_invitation_can_no_longer_be_accepted_and_the_history_records_the_revocation()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var invited = await admin.PostFormAsync("/Invitations/Create", ("Email", "ingetrokken@oost.test"), ("Role", Roles.Ministry));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        await using var db = app.CreateAdminDbContext();
        var invitation = await db.Invitations.SingleAsync(i => i.Email == "ingetrokken@oost.test");
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "ingetrokken@oost.test");
        var link = new Uri(AcceptLink().Match(mail.TextBody).Value).PathAndQuery;
        var (_, list) = await admin.GetPageAsync("/Admin/Invitations");
        Assert.Contains("ingetrokken@oost.test", list.QuerySelector("tbody")!.TextContent);

        var revoked = await admin.PostFormAsync($"/Admin/Invitations?handler=Revoke&id={invitation.Id}", []);

        var page = await FollowAsync(admin, revoked);
        Assert.Contains("is ingetrokken; de link werkt niet meer", page);
        Assert.DoesNotContain("ingetrokken@oost.test", TestBrowser.Parse(await (await admin.GetAsync("/Admin/Invitations")).Content.ReadAsStringAsync()).QuerySelector("main")!.QuerySelector("table")?.TextContent ?? "");
        await using var check = app.CreateAdminDbContext();
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, (await check.Invitations.SingleAsync(i => i.Id == invitation.Id)).ExpiresAt);
        var line = Assert.Single(await HistoryAsync(app, nameof(Invitation), invitation.Id));
        Assert.Equal((AuditActions.InvitationRevoked, DemoAccounts.Admin), (line.Action, line.UserName));
        Assert.DoesNotContain("ingetrokken@oost.test", line.Details);

        // The person follows the link from the e-mail: no account can be made with it.
        using var invitee = app.Anonymous();
        var (_, acceptPage) = await invitee.GetPageAsync(link);
        Assert.Null(acceptPage.QuerySelector("input[type=password]"));
        await invitee.PostFormAsync(link, [new("DisplayName", "Te laat"), new("Password", "Lang-genoeg-wachtwoord-1")], tokenFrom: "/Account/Login");
        Assert.False(await check.Users.AnyAsync(u => u.Email == "ingetrokken@oost.test"));
    }

    [Fact]
    public async Task Revoking_an_invitation_that_was_used_or_expired_changes_nothing()
    {
        var used = await AddInvitationAsync("al.gebruikt@oost.test", accepted: true);
        var expired = await AddInvitationAsync("al.verlopen@oost.test", expiresIn: TimeSpan.FromDays(-2));
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        foreach (var invitation in new[] { used, expired })
        {
            var response = await admin.PostFormAsync($"/Admin/Invitations?handler=Revoke&id={invitation.Id}", []);
            Assert.Contains("was al gebruikt of verlopen; er is niets veranderd", await FollowAsync(admin, response));
            await using var db = app.CreateAdminDbContext();
            Assert.Equal(invitation.ExpiresAt, (await db.Invitations.SingleAsync(i => i.Id == invitation.Id)).ExpiresAt);
            Assert.Empty(await HistoryAsync(app, nameof(Invitation), invitation.Id));
        }
    }

    [Fact]
    public async Task An_unknown_invitation_is_not_found()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.PostFormAsync("/Admin/Invitations?handler=Revoke&id=999999", []);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var forged = await admin.PostFormAsync("/Admin/Invitations?handler=Revoke&id=abc", []);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [GeneratedRegex(@"https?://\S*AcceptInvitation\S*")]
    private static partial Regex AcceptLink();
}
