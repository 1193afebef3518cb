using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Tests.Email;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Identity;
using Commitments.Web.Pages.Admin.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Security;

/// <summary>
/// An administrator resets the two-step verification of someone who lost both phone and recovery
/// codes (/Admin/Users/Edit, handler ResetTwoFactor): after a confirmation step, the key, recovery
/// codes and last used step are gone, the person's sessions end, the history says who did it to whom
/// and when, and the person is told by e-mail in their own language. Nobody resets their own.
/// </summary>
public sealed class TwoFactorResetTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static string EditPage(string id) => $"/Admin/Users/Edit/{id}";
    private static string ResetUrl(string id) => $"/Admin/Users/Edit/{id}?handler=ResetTwoFactor";

    private async Task<List<(string Provider, string Name)>> TwoFactorTokensAsync(string userId)
    {
        await using var db = app.CreateAdminDbContext();
        return (await db.UserTokens.Where(t => t.UserId == userId).Select(t => new { t.LoginProvider, t.Name }).ToListAsync())
            .Select(t => (t.LoginProvider, t.Name)).ToList();
    }

    private async Task<AppUser> AccountAsync(string email)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    [Theory]
    [InlineData(Roles.Ministry)]
    [InlineData(Roles.Administrator)]
    public async Task After_a_reset_a_ministry_or_administrator_account_signs_in_with_the_password_and_must_set_it_up_again(string role)
    {
        var email = $"herstel.{role.ToLowerInvariant()}@techniekpact.test";
        var user = await CreateUserAsync(app, email, role);
        using var lostPhone = await app.SignInAsync(email); // set up with the test key, signed in with a code
        Assert.Equal(HttpStatusCode.OK, (await lostPhone.GetAsync("/")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByIdAsync(user.Id))!;
            Assert.NotEmpty((await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!);
        }
        var stampBefore = (await AccountAsync(email)).SecurityStamp;
        Assert.Contains((ReplayGuardedAuthenticatorTokenProvider.LoginProvider, ReplayGuardedAuthenticatorTokenProvider.LastTimeStepToken),
            await TwoFactorTokensAsync(user.Id));

        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (_, page) = await admin.GetPageAsync(EditPage(user.Id));
        Assert.Contains("Staat aan; nog 10 herstelcode(s).", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("form[action*='handler=ResetTwoFactor'] button"));

        // The first post asks, and changes nothing.
        var asked = await admin.PostFormAsync(ResetUrl(user.Id), [], tokenFrom: EditPage(user.Id));
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var confirmation = TestBrowser.Parse(await asked.Content.ReadAsStringAsync());
        Assert.Contains($"Weet u zeker dat u de tweestapsverificatie van {email} wilt herstellen?", confirmation.Body!.TextContent);
        Assert.Contains("eindigen binnen enkele minuten", confirmation.Body.TextContent);
        Assert.NotNull(confirmation.QuerySelector($"button[name=confirm][value={EditModel.ConfirmResetValue}]"));
        Assert.True((await AccountAsync(email)).TwoFactorEnabled);

        var reset = await admin.PostFormAsync(ResetUrl(user.Id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: EditPage(user.Id));
        Assert.Contains("Tweestapsverificatie is hersteld", await FollowAsync(admin, reset));

        var after = await AccountAsync(email);
        Assert.False(after.TwoFactorEnabled);
        Assert.NotEqual(stampBefore, after.SecurityStamp);
        Assert.Empty(await TwoFactorTokensAsync(user.Id)); // key, recovery codes and last used step

        // Who, whom, when.
        var entry = Assert.Single(await HistoryAsync(app, nameof(AppUser), user.Id), a => a.Action == AuditActions.TwoFactorReset);
        Assert.Equal(DemoAccounts.Admin, entry.UserName);
        Assert.Equal(app.Time.GetUtcNow().UtcDateTime, entry.OccurredAt);

        // The same confirmation again (a replayed post, a double click) finds nothing to reset.
        var replayed = await admin.PostFormAsync(ResetUrl(user.Id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: EditPage(user.Id));
        Assert.Contains("er is niets hersteld", await FollowAsync(admin, replayed));
        Assert.Single(await HistoryAsync(app, nameof(AppUser), user.Id), a => a.Action == AuditActions.TwoFactorReset);

        // The open session ends at its next check (validation interval: one minute).
        app.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(TestBrowser.IsRedirectToLogin(await lostPhone.GetAsync("/")));

        // The password alone signs in; then nothing but setting up two-step verification again.
        using var again = app.Anonymous();
        var signedIn = await again.SignInAsync(email, CommitmentsWebFactory.Password);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        foreach (var path in new[] { "/", "/Reports", "/Account/Security" })
        {
            var sent = await again.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
            Assert.Equal(AccountGate.EnrolPage, sent.Headers.Location!.OriginalString);
        }
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(AccountGate.EnrolPage)).StatusCode);

        await using var db = app.CreateAdminDbContext();
        var mail = Assert.Single(await db.OutboxMessages.Where(m => m.To == email).ToListAsync());
        Assert.Equal("Uw tweestapsverificatie is hersteld – Techniekpact", mail.Subject);
        Assert.Contains(DemoAccounts.Admin, mail.TextBody);
    }

    [Fact]
    public async Task The_person_is_told_by_mail_in_their_own_language_through_SMTP_and_then_signs_in_with_the_password_alone()
    {
        // A partner with two-step verification on (optional for partners), who chose English.
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerLimburg))
        {
            var (_, enrol) = await partner.GetPageAsync("/Account/EnableAuthenticator");
            var key = enrol.QuerySelector("code.authenticator-key")!.TextContent.Replace(" ", "").ToUpperInvariant();
            await partner.PostFormAsync("/Account/EnableAuthenticator", ("Code", TwoFactorCodes.Code(key, app.Time.GetUtcNow())));
        }
        await using (var db = app.CreateAdminDbContext())
        {
            var account = await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerLimburg);
            Assert.True(account.TwoFactorEnabled);
            account.Culture = "en-GB";
            await db.SaveChangesAsync();
        }
        var user = await AccountAsync(DemoAccounts.PartnerLimburg);

        using var admin = await app.SignInAsync(DemoAccounts.Admin); // Dutch pages
        var reset = await admin.PostFormAsync(ResetUrl(user.Id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: EditPage(user.Id));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        await using var smtp = new LoopbackSmtpServer();
        await smtp.StartAsync();
        await using (var email = EmailTestServices.WithSmtp(app.Database, smtp.Port))
        {
            await email.RunDispatcherAsync();
        }
        var received = Assert.Single(smtp.Received, m => m.EnvelopeTo.Contains(DemoAccounts.PartnerLimburg));
        Assert.Equal("Your two-step verification was reset – Techniekpact", received.Message.Subject);
        var text = received.Message.TextBody;
        Assert.Contains("Did you not ask for this? Then contact", text);
        Assert.Contains(DemoAccounts.Admin, text);
        Assert.Contains(CommitmentsWebFactory.PublicBaseUrl + "/Account/Login", text);

        using var again = app.Anonymous();
        Assert.Equal("/", (await again.SignInAsync(DemoAccounts.PartnerLimburg, CommitmentsWebFactory.Password)).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Commitments")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_cannot_reset_their_own_and_the_page_says_who_can()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var self = await AccountAsync(DemoAccounts.Admin);
        var (_, page) = await admin.GetPageAsync(EditPage(self.Id));
        Assert.Null(page.QuerySelector("form[action*='handler=ResetTwoFactor']"));
        Assert.Contains("dat moet een andere beheerder doen", page.Body!.TextContent);

        var forged = await admin.PostFormAsync(ResetUrl(self.Id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: EditPage(self.Id));
        Assert.Contains("U kunt uw eigen tweestapsverificatie niet herstellen", await RefusedAsync(forged));
        Assert.True((await AccountAsync(DemoAccounts.Admin)).TwoFactorEnabled);
        Assert.DoesNotContain(await HistoryAsync(app, nameof(AppUser), self.Id), a => a.Action == AuditActions.TwoFactorReset);
    }

    [Theory]
    [InlineData("bestaat-niet")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("%27%3B%20DROP%20TABLE%20AspNetUsers%3B--")]
    [InlineData("%E2%80%AE%F0%9F%92%A5")]
    public async Task An_unknown_or_odd_id_is_not_found(string id)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.PostFormAsync(ResetUrl(id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: "/Admin/Users");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var longId = await admin.PostFormAsync(ResetUrl(new string('x', 5000)), [], tokenFrom: "/Admin/Users");
        Assert.Equal(HttpStatusCode.NotFound, longId.StatusCode);
    }

    [Fact]
    public async Task An_account_without_two_step_verification_has_nothing_to_reset_and_a_post_without_a_token_is_refused()
    {
        var partner = await AccountAsync(DemoAccounts.PartnerDrenthe);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (_, page) = await admin.GetPageAsync(EditPage(partner.Id));
        Assert.Contains("Staat uit.", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("form[action*='handler=ResetTwoFactor']"));

        var nothing = await admin.PostFormAsync(ResetUrl(partner.Id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: EditPage(partner.Id));
        Assert.Contains("er is niets hersteld", await FollowAsync(admin, nothing));

        var noToken = await admin.Client.PostAsync(ResetUrl(partner.Id),
            new FormUrlEncodedContent([new KeyValuePair<string, string>("confirm", EditModel.ConfirmResetValue)]));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        Assert.DoesNotContain(await HistoryAsync(app, nameof(AppUser), partner.Id), a => a.Action == AuditActions.TwoFactorReset);
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == DemoAccounts.PartnerDrenthe));
    }
    [Fact]
    public async Task The_confirmation_and_the_refusal_are_English_for_an_administrator_who_chose_English()
    {
        var englishAdmin = await CreateUserAsync(app, "english.admin@techniekpact.test", Roles.Administrator);
        var target = await CreateUserAsync(app, "english.target@techniekpact.test", Roles.Ministry);
        await TwoFactorCodes.EnrolIfRequiredAsync(app.Services, target.Email!);
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Users.SingleAsync(u => u.Id == englishAdmin.Id)).Culture = "en-GB";
            await db.SaveChangesAsync();
        }
        using var admin = await app.SignInAsync(englishAdmin.Email!);

        var (_, page) = await admin.GetPageAsync(EditPage(target.Id));
        Assert.Contains("Two-step verification", page.QuerySelector("main")!.TextContent);
        Assert.Equal("Reset two-step verification", page.QuerySelector("form[action*='handler=ResetTwoFactor'] button")!.TextContent.Trim());

        var asked = await admin.PostFormAsync(ResetUrl(target.Id), [], tokenFrom: EditPage(target.Id));
        var confirmation = TestBrowser.Parse(await asked.Content.ReadAsStringAsync());
        Assert.Contains($"Are you sure you want to reset the two-step verification of {target.Email}?", confirmation.Body!.TextContent);
        Assert.Equal("Yes, reset two-step verification", confirmation.QuerySelector("button[name=confirm]")!.TextContent.Trim());

        var (_, own) = await admin.GetPageAsync(EditPage(englishAdmin.Id));
        Assert.Contains("another administrator must do that", own.Body!.TextContent);
        var refused = await admin.PostFormAsync(ResetUrl(englishAdmin.Id), [new("confirm", EditModel.ConfirmResetValue)], tokenFrom: EditPage(englishAdmin.Id));
        Assert.Contains("You cannot reset your own two-step verification; ask another administrator to do it.", await RefusedAsync(refused));
    }
}
