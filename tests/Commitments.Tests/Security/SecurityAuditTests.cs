using System.Globalization;
using System.Text.RegularExpressions;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Account;
using Commitments.Web;
using Commitments.Web.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Commitments.Tests.Security;

/// <summary>
/// Security events land in the audit trail (ASVS 7.2) with the account they concern, and the plain
/// logs carry user ids, never e-mail addresses (ASVS 7.1).
/// </summary>
public sealed partial class SecurityAuditTests(SecurityWebFactory app) : IClassFixture<SecurityWebFactory>
{
    [Fact]
    public async Task Sign_ins_failures_and_a_lockout_are_recorded_for_the_account()
    {
        const string account = "partner.groningen@techniekpact.test";
        var userId = await UserIdAsync(account);
        using (var browser = app.AnonymousFrom("192.0.2.201"))
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await browser.SignInAsync(account, CommitmentsWebFactory.Password)).StatusCode);
        }
        for (var i = 0; i < 5; i++)
        {
            using var browser = app.AnonymousFrom($"192.0.2.{210 + i}");
            await browser.SignInAsync(account, "verkeerd-wachtwoord-" + i);
            app.Time.Advance(TimeSpan.FromMinutes(8)); // at most two attempts in one 15-minute window
        }

        var events = await EventsAsync(userId);
        Assert.Equal(SecurityEvents.SignedIn, events[0].Action);
        Assert.Equal(5, events.Count(e => e.Action == SecurityEvents.SignInFailed));
        var lockout = Assert.Single(events, e => e.Action == SecurityEvents.LockedOut);
        Assert.Equal(account, lockout.UserName);
        Assert.All(events, e => Assert.Equal(SecurityEvents.EntityType, e.EntityType));
        Assert.All(events, e => Assert.Equal(userId, e.EntityId));
    }

    [Fact]
    public async Task A_failed_sign_in_for_an_unknown_address_is_recorded_without_the_address()
    {
        const string typed = "Geheim-wachtwoord-in-het-verkeerde-veld@x.test";
        using var browser = app.AnonymousFrom("192.0.2.220");
        await browser.SignInAsync(typed, "iets");

        await using var db = app.CreateAdminDbContext();
        var entry = await db.AuditEntries.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == SecurityEvents.SignInFailed);
        Assert.Null(entry.UserId);
        Assert.Null(entry.UserName);
        Assert.Equal(SecurityEvents.UnknownAccount, entry.Details);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Details!.Contains("Geheim") || a.UserName!.Contains("Geheim")));
        Assert.DoesNotContain(app.LogLines, line => line.Contains("Geheim", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Password_reset_request_and_completion_and_a_password_change_are_recorded()
    {
        const string account = "trekker.zuid@techniekpact.test";
        var userId = await UserIdAsync(account);
        using var browser = app.AnonymousFrom("192.0.2.230");
        await browser.PostFormAsync("/Account/ForgotPassword", ("Email", account));
        await using (var db = app.CreateAdminDbContext())
        {
            var mail = await db.OutboxMessages.SingleAsync(m => m.To == account);
            var path = new Uri(ResetLink().Match(mail.TextBody).Value).PathAndQuery;
            Assert.True(TestBrowser.IsRedirectToLogin(await browser.PostFormAsync(path,
                ("Password", "Herfst in Maastricht 2018"), ("ConfirmPassword", "Herfst in Maastricht 2018"))));
        }
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await browser.SignInAsync(account, "Herfst in Maastricht 2018")).StatusCode);
        await browser.PostFormAsync("/Account/Password", ("CurrentPassword", "Herfst in Maastricht 2018"),
            ("NewPassword", "Winter in Heerlen 2019"), ("ConfirmPassword", "Winter in Heerlen 2019"));

        var actions = (await EventsAsync(userId)).Select(e => e.Action).ToList();
        Assert.Equal([SecurityEvents.PasswordResetRequested, SecurityEvents.PasswordReset, SecurityEvents.SignedIn, SecurityEvents.PasswordChanged], actions);
    }

    [Fact]
    public async Task Invitations_sent_and_accepted_are_recorded_in_the_organisations_history()
    {
        using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        await partner.PostFormAsync("/Invitations/Create", ("Email", "logboek@drenthe.test"));
        var path = await InvitationTests.AcceptPathForAsync(app, "logboek@drenthe.test");
        using var invitee = app.AnonymousFrom("192.0.2.240");
        await invitee.PostFormAsync(path, ("DisplayName", "Jan Logboek"), ("Password", "Een nieuw begin in Assen"));

        await using var db = app.CreateAdminDbContext();
        var drenthe = await db.Organizations.Where(o => o.Name == DemoAccounts.Drenthe).Select(o => o.Id).SingleAsync();
        var sent = await db.AuditEntries.SingleAsync(a => a.Action == SecurityEvents.InvitationSent && a.Details!.EndsWith("logboek@drenthe.test"));
        Assert.Equal(DemoAccounts.PartnerDrenthe, sent.UserName);
        Assert.Equal(drenthe, sent.OrganizationId);
        var accepted = await db.AuditEntries.SingleAsync(a => a.Action == SecurityEvents.InvitationAccepted && a.UserName == "logboek@drenthe.test");
        Assert.Equal(drenthe, accepted.OrganizationId);
    }

    [Fact]
    public async Task The_logs_name_no_e_mail_address()
    {
        using (var browser = app.AnonymousFrom("192.0.2.250"))
        {
            await browser.SignInAsync(DemoAccounts.Ocw, CommitmentsWebFactory.Password);
            await browser.SignInAsync("onbekend.adres@ocw.test", "iets-anders");
            await browser.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.Ocw));
        }
        Assert.NotEmpty(app.LogLines);
        Assert.Contains(app.LogLines, line => line.Contains("signed in"));
        Assert.DoesNotContain(app.LogLines, line => EmailAddress().IsMatch(line));
    }

    [Fact]
    public void Every_security_event_has_a_Dutch_label_and_an_English_one_for_the_history()
    {
        using var scope = app.Services.CreateScope();
        var localizer = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(UiCulture.English);
        try
        {
            var actions = typeof(SecurityEvents).GetFields()
                .Where(f => f.IsLiteral && f.Name is not (nameof(SecurityEvents.EntityType) or nameof(SecurityEvents.UnknownAccount)))
                .Select(f => (string)f.GetRawConstantValue()!);
            Assert.All(actions, action =>
            {
                Assert.NotEqual(action, DutchLabels.AuditAction(action)); // a code has a Dutch label
                Assert.False(localizer[DutchLabels.AuditAction(action)].ResourceNotFound, action);
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<List<AuditEntry>> EventsAsync(string userId)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.AuditEntries.Where(a => a.EntityType == SecurityEvents.EntityType && a.EntityId == userId)
            .OrderBy(a => a.Id).ToListAsync();
    }

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\S+")]
    private static partial Regex ResetLink();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+\.[\w.-]+")]
    private static partial Regex EmailAddress();
}
