using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>
/// The administration pages are for administrators only: everyone else is sent to the login page or
/// refused, and a forged post to any of their handlers changes nothing.
/// </summary>
public sealed class AdminAccessTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    /// <summary>Every administration page ("{user}" is replaced by a real account id).</summary>
    public static readonly TheoryData<string> AdminPages =
    [
        "/Admin", "/Admin/Cycles", "/Admin/Cycles/Edit", "/Admin/Cycles/Edit/1", "/Admin/Themes", "/Admin/Themes/Edit",
        "/Admin/Themes/Edit/1", "/Admin/Organizations", "/Admin/Organizations/Edit", "/Admin/Organizations/Edit/1",
        "/Admin/Users", "/Admin/Users/Edit/{user}", "/Admin/Invitations",
    ];

    private async Task<string> UrlAsync(string url)
    {
        var (partner, _) = await AccountAsync(app, DemoAccounts.PartnerDrenthe);
        return url.Replace("{user}", partner.Id, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string url)
    {
        using var anonymous = app.Anonymous();
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync(await UrlAsync(url))), url);
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Partners_leads_and_ministries_are_refused(string url)
    {
        url = await UrlAsync(url);
        foreach (var account in new[] { DemoAccounts.PartnerDrenthe, DemoAccounts.TrekkerNoord, DemoAccounts.Ocw })
        {
            using var browser = await app.SignInAsync(account);
            Assert.True(TestBrowser.IsAccessDenied(await browser.GetAsync(url)), $"{account} {url}");
        }
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Administrators_open_every_page(string url)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.GetAsync(await UrlAsync(url));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<main", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe)]
    [InlineData(DemoAccounts.TrekkerNoord)]
    [InlineData(DemoAccounts.Ocw)]
    public async Task A_forged_post_to_any_administration_handler_is_refused_and_changes_nothing(string account)
    {
        await using var db = app.CreateAdminDbContext();
        var drenthe = await db.Organizations.AsNoTracking().SingleAsync(o => o.Name == DemoAccounts.Drenthe);
        var noord = await RegionIdAsync(app, "noord");
        var theme = await db.Themes.AsNoTracking().OrderBy(t => t.Id).FirstAsync();
        var cycle = await db.ReportingCycles.AsNoTracking().OrderBy(c => c.Id).FirstAsync();
        var (self, _) = await AccountAsync(app, account);
        var (other, _) = await AccountAsync(app, DemoAccounts.PartnerGroningen);
        var invitation = new Invitation
        {
            Email = $"doelwit.{Guid.NewGuid():N}@test.test", Role = Roles.Partner, OrganizationId = drenthe.Id,
            TokenHash = Guid.NewGuid().ToString("N").PadRight(64, '0'), InvitedByUserId = other.Id,
            CreatedAt = app.Time.GetUtcNow().UtcDateTime, ExpiresAt = app.Time.GetUtcNow().UtcDateTime.AddDays(14),
        };
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        using var browser = await app.SignInAsync(account);
        var audit = await db.AuditEntries.CountAsync(); // after the sign-in, which is itself recorded

        var posts = new (string Url, (string, string)[] Fields)[]
        {
            ("/Admin/Organizations/Edit", [("Form.Name", "Inbreker B.V."), ("Form.Type", "Business"), ("Form.RegionId", noord.ToString())]),
            ($"/Admin/Organizations/Edit/{drenthe.Id}", [("Form.Name", "Gekaapt"), ("Form.Type", "Business"), ("Form.RegionId", noord.ToString()), ("Form.KvkNumber", "66666666")]),
            ($"/Admin/Organizations/Edit/{drenthe.Id}?handler=Deactivate", []),
            ($"/Admin/Organizations/Edit/{drenthe.Id}?handler=Reactivate", []),
            ($"/Admin/Users/Edit/{self.Id}", [("Form.Role", Roles.Administrator)]),
            ($"/Admin/Users/Edit/{other.Id}", [("Form.Role", Roles.Partner), ("Form.OrganizationId", drenthe.Id.ToString())]),
            ($"/Admin/Users/Edit/{other.Id}?handler=Deactivate", []),
            ($"/Admin/Users/Edit/{other.Id}?handler=FindOrganization", [("Form.OrganizationSearch", "a")]),
            ("/Admin/Cycles/Edit", [("Form.Year", "2050"), ("Form.UpdatesDueOn", "2050-05-01"), ("Form.FreezesOn", "2050-06-18"), ("Form.FirstReminderDaysBefore", "1"), ("Form.EscalateDaysAfter", "1")]),
            ($"/Admin/Cycles/Edit/{cycle.Id}", [("Form.Year", "2051"), ("Form.UpdatesDueOn", "2051-05-01"), ("Form.FreezesOn", "2051-06-18"), ("Form.FirstReminderDaysBefore", "1"), ("Form.EscalateDaysAfter", "1")]),
            ("/Admin/Themes/Edit", [("Form.Name", "Inbraakthema"), ("Form.SortOrder", "1")]),
            ($"/Admin/Themes/Edit/{theme.Id}", [("Form.Name", "Gekaapt thema"), ("Form.SortOrder", "1")]),
            ($"/Admin/Invitations?handler=Revoke&id={invitation.Id}", []),
        };
        foreach (var (url, fields) in posts)
        {
            // The anti-forgery token of a page the user may open, as an attacker would take it.
            var response = await browser.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), tokenFrom: "/");
            Assert.True(TestBrowser.IsAccessDenied(response), $"{account} {url}: {(int)response.StatusCode}");
        }

        await using var check = app.CreateAdminDbContext();
        var stored = await check.Organizations.SingleAsync(o => o.Id == drenthe.Id);
        Assert.Equal((drenthe.Name, drenthe.KvkNumber, drenthe.DeactivatedAt), (stored.Name, stored.KvkNumber, stored.DeactivatedAt));
        Assert.False(await check.Organizations.AnyAsync(o => o.Name == "Inbreker B.V."));
        var (selfAfter, selfRoles) = await AccountAsync(app, account);
        Assert.DoesNotContain(Roles.Administrator, selfRoles);
        Assert.Equal((self.OrganizationId, self.RegionId, self.SecurityStamp), (selfAfter.OrganizationId, selfAfter.RegionId, selfAfter.SecurityStamp));
        var (otherAfter, otherRoles) = await AccountAsync(app, DemoAccounts.PartnerGroningen);
        Assert.Equal([Roles.Partner], otherRoles);
        Assert.Equal((other.OrganizationId, (DateTime?)null, other.SecurityStamp), (otherAfter.OrganizationId, otherAfter.DeactivatedAt, otherAfter.SecurityStamp));
        Assert.False(await check.ReportingCycles.AnyAsync(c => c.Year == 2050 || c.Year == 2051));
        Assert.Equal(cycle.Year, (await check.ReportingCycles.SingleAsync(c => c.Id == cycle.Id)).Year);
        Assert.Equal(theme.Name, (await check.Themes.SingleAsync(t => t.Id == theme.Id)).Name);
        Assert.False(await check.Themes.AnyAsync(t => t.Name == "Inbraakthema"));
        Assert.Equal(invitation.ExpiresAt, (await check.Invitations.SingleAsync(i => i.Id == invitation.Id)).ExpiresAt);
        Assert.Equal(audit, await check.AuditEntries.CountAsync());
    }
}
