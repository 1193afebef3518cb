using System.Net;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Security;

/// <summary>
/// Passwords (ASVS 2.1): at least 12 characters, long ones welcome, no composition rules, nothing
/// from the list of common and leaked passwords; and a signed-in user can change theirs.
/// </summary>
public sealed class PasswordTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public static readonly TheoryData<string> Accepted =
    [
        DemoSetup.DevelopmentPassword, // Techniekpact2018!, the demo password of the README
        CommitmentsWebFactory.Password,
        "Welkom-in-Assen-2018", "Nieuw-wachtwoord-2019", "Nog-een-wachtwoord-1", "Lang-genoeg-wachtwoord-1",
        "Eerste-beheerder-2018",
        "paard batterij nietje correct", // only lower case and spaces: no composition rules
        "ĳsbaan op de Weissensee ❄ 2018", // any character
        new string('x', 60) + "-lange-zin-" + new string('y', 57), // 128 characters
    ];

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task These_passwords_are_accepted(string password)
    {
        var result = await ValidateAsync(password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    [Theory]
    [InlineData("kort-en-fout", null)] // 12: accepted, see below
    [InlineData("elf-tekens!", "minstens 12 tekens")]
    [InlineData("password1234", "veelgebruikte en gelekte")]
    [InlineData("Qwerty123456", "veelgebruikte en gelekte")]
    [InlineData("Wachtwoord2018!", "veelgebruikte en gelekte")]
    [InlineData("FEYENOORD1908!!", "veelgebruikte en gelekte")]
    [InlineData("2018-welkom-2018", "veelgebruikte en gelekte")]
    [InlineData("administrator", "veelgebruikte en gelekte")]
    [InlineData("partner.drenthe2018", "e-mailadres")]
    public async Task Short_common_and_own_address_passwords_are_refused_with_a_reason(string password, string? reason)
    {
        var result = await ValidateAsync(password, DemoAccounts.PartnerDrenthe);
        if (reason == null)
        {
            Assert.True(result.Succeeded);
            return;
        }
        var error = Assert.Single(result.Errors);
        Assert.Contains(reason, error.Description);
        Assert.EndsWith(")", error.Description); // Dutch, then English in parentheses
    }

    [Fact]
    public async Task A_password_longer_than_256_characters_is_refused()
    {
        var result = await ValidateAsync(new string('a', 120) + " " + new string('b', 136));
        Assert.Contains("hoogstens 256 tekens", Assert.Single(result.Errors).Description);
    }

    [Fact]
    public async Task A_signed_in_user_changes_the_password_and_other_sessions_end()
    {
        const string account = "trekker.zuidwest@techniekpact.test";
        using var laptop = await app.SignInAsync(account);
        using var phone = await app.SignInAsync(account);
        var (_, home) = await laptop.GetPageAsync("/");
        Assert.Equal("/Account/Password", home.QuerySelector(".signed-in a")!.GetAttribute("href"));

        var changed = await laptop.PostFormAsync("/Account/Password",
            ("CurrentPassword", CommitmentsWebFactory.Password), ("NewPassword", "Een zomer vol techniek"), ("ConfirmPassword", "Een zomer vol techniek"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var (_, after) = await laptop.GetPageAsync(changed.Headers.Location!.OriginalString);
        Assert.Contains("Uw wachtwoord is gewijzigd", after.QuerySelector("[role=status]")!.TextContent);

        // The other session ends at its next check of the security stamp (every 5 minutes).
        app.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.True(TestBrowser.IsRedirectToLogin(await phone.GetAsync("/Commitments")));
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Commitments")).StatusCode);

        using var browser = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(account, CommitmentsWebFactory.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(account, "Een zomer vol techniek")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_and_counts_as_a_failed_attempt()
    {
        const string account = "trekker.oost@techniekpact.test";
        using var browser = await app.SignInAsync(account);
        var refused = await browser.PostFormAsync("/Account/Password",
            ("CurrentPassword", "niet-mijn-wachtwoord"), ("NewPassword", "Een zomer vol techniek"), ("ConfirmPassword", "Een zomer vol techniek"));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = TestBrowser.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Het wachtwoord klopt niet", page.QuerySelector(".error-summary a[href='#CurrentPassword']")!.TextContent);
        await using var db = app.CreateAdminDbContext();
        Assert.Equal(1, (await db.Users.SingleAsync(u => u.Email == account)).AccessFailedCount);
    }

    [Fact]
    public async Task A_common_new_password_is_refused_on_the_change_page_in_English_too()
    {
        using var browser = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        // The sign-in set the account's (Dutch) culture cookie; the switch replaces it, as a person would.
        await Commitments.Tests.Pages.Commitments.LifecycleTestData.SwitchLanguageAsync(browser);
        var (_, form) = await browser.GetPageAsync("/Account/Password");
        Assert.Equal("Change password", form.QuerySelector("h1")!.TextContent);

        var refused = await browser.PostFormAsync("/Account/Password",
            ("CurrentPassword", CommitmentsWebFactory.Password), ("NewPassword", "qwerty123456"), ("ConfirmPassword", "qwerty123456"));
        Assert.Contains("This password is on the list of common and leaked passwords", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_common_password_list_is_the_shipped_one()
    {
        Assert.True(Web.Identity.CommonPasswordValidator.IsCommon("123456"));
        Assert.True(Web.Identity.CommonPasswordValidator.IsCommon("wachtwoord"));
        Assert.False(Web.Identity.CommonPasswordValidator.IsCommon(DemoSetup.DevelopmentPassword));
    }

    private async Task<IdentityResult> ValidateAsync(string password, string? email = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email ?? "iemand@techniekpact.test", Email = email ?? "iemand@techniekpact.test" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }
        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}
