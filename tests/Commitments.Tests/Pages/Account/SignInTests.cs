using System.Net;
using System.Text.RegularExpressions;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Account;

public sealed partial class SignInTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_wrong_password_gives_one_message_that_does_not_reveal_whether_the_account_exists()
    {
        using var browser = app.Anonymous();
        var wrongPassword = await browser.SignInAsync(DemoAccounts.Ezk, "niet-het-wachtwoord");
        var unknownAccount = await browser.SignInAsync("niemand@techniekpact.test", "niet-het-wachtwoord");

        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        var first = TestBrowser.Parse(await wrongPassword.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent;
        var second = TestBrowser.Parse(await unknownAccount.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("E-mailadres of wachtwoord klopt niet", first);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task An_account_locks_after_five_failed_attempts_and_then_refuses_even_the_right_password()
    {
        using var browser = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await browser.SignInAsync(DemoAccounts.TrekkerNoord.Replace("noord", "oost"), "fout-wachtwoord");
        }
        var response = await browser.SignInAsync(DemoAccounts.TrekkerNoord.Replace("noord", "oost"), CommitmentsWebFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the login page again, not a redirect
        // The answer every failed sign-in gets (it must not tell a locked account from an unknown
        // address), and it says what a locked-out user can do.
        var message = TestBrowser.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary li")!.TextContent;
        Assert.Equal(global::Commitments.Web.Pages.Account.LoginModel.FailedMessage, message);
        Assert.Contains("15 minuten geblokkeerd", message);
        await using var db = app.CreateAdminDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == "trekker.oost@techniekpact.test");
        Assert.NotNull(user.LockoutEnd);
    }

    [Fact]
    public async Task Forgot_password_queues_a_reset_link_that_sets_a_new_password()
    {
        using var browser = app.Anonymous();
        var response = await browser.PostFormAsync("/Account/ForgotPassword", ("Email", "trekker.noordwest@techniekpact.test"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var db = app.CreateAdminDbContext();
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == "trekker.noordwest@techniekpact.test");
        var link = ResetLink().Match(mail.TextBody).Value;
        Assert.NotEmpty(link);
        var path = new Uri(link).PathAndQuery;

        var reset = await browser.PostFormAsync(path,
            ("Password", "Nieuw-wachtwoord-2019"), ("ConfirmPassword", "Nieuw-wachtwoord-2019"));
        Assert.True(TestBrowser.IsRedirectToLogin(reset));
        var signIn = await browser.SignInAsync("trekker.noordwest@techniekpact.test", "Nieuw-wachtwoord-2019");
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        // The link works once.
        var again = await browser.PostFormAsync(path, ("Password", "Nog-een-wachtwoord-1"), ("ConfirmPassword", "Nog-een-wachtwoord-1"));
        Assert.Contains("verlopen of al gebruikt", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forgot_password_for_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        using var browser = app.Anonymous();
        var response = await browser.PostFormAsync("/Account/ForgotPassword", ("Email", "onbekend@techniekpact.test"));
        Assert.Contains("Als er een account bij dit e-mailadres hoort", await response.Content.ReadAsStringAsync());
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == "onbekend@techniekpact.test"));
    }

    [Fact]
    public async Task The_demo_partner_account_belongs_to_its_organisation_with_only_the_partner_role()
    {
        await using var db = app.CreateAdminDbContext();
        var partner = await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerLimburg);
        var organization = await db.Organizations.SingleAsync(o => o.Id == partner.OrganizationId);
        Assert.Equal(DemoAccounts.LimburgSchool, organization.Name);
        var roleIds = db.UserRoles.Where(r => r.UserId == partner.Id).Select(r => r.RoleId);
        Assert.Equal([Roles.Partner], await db.Roles.Where(r => roleIds.Contains(r.Id)).Select(r => r.Name!).ToListAsync());
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = await app.SignInAsync(DemoAccounts.Ezk);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Commitments")).StatusCode);

        var signOut = await browser.PostFormAsync("/Account/Logout", [], tokenFrom: "/Commitments");

        Assert.True(TestBrowser.IsRedirectToLogin(signOut));
        Assert.True(TestBrowser.IsRedirectToLogin(await browser.GetAsync("/Commitments")));
    }

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\S+")]
    private static partial Regex ResetLink();
}
