using System.Net;
using Commitments.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Commitments.Tests.Security;

/// <summary>
/// Sessions end when they should (ADR-0017): after 30 idle minutes, 8 hours after the sign-in however
/// active, at sign-out on the server too, and everywhere on request. Time moves on the fake clock; a
/// session is checked against the database once a minute.
/// </summary>
public sealed class SessionTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_sign_in_cookie_is_secure_http_only_and_same_site()
    {
        using var browser = app.Anonymous();
        var response = await browser.SignInAsync(DemoAccounts.PartnerDrenthe, CommitmentsWebFactory.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("techniekpact.auth=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_ends_after_thirty_idle_minutes_and_lasts_while_used()
    {
        using var browser = await app.SignInAsync(DemoAccounts.PartnerGroningen);
        for (var i = 0; i < 4; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        }
        app.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.True(TestBrowser.IsRedirectToLogin(await browser.GetAsync("/")));
    }

    [Fact]
    public async Task A_session_ends_eight_hours_after_the_sign_in_however_active()
    {
        using var browser = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        var end = app.Time.GetUtcNow().AddHours(8);
        while (app.Time.GetUtcNow().AddMinutes(20) < end)
        {
            app.Time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        }
        app.Time.SetUtcNow(end);
        Assert.True(TestBrowser.IsRedirectToLogin(await browser.GetAsync("/")));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working()
    {
        using var browser = app.Anonymous();
        var signedIn = await browser.SignInAsync(DemoAccounts.PartnerLimburg, CommitmentsWebFactory.Password);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("techniekpact.auth=", StringComparison.Ordinal)).Split(';')[0];
        using var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost/") });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);

        await browser.PostFormAsync("/Account/Logout", [], tokenFrom: "/");
        app.Time.Advance(CheckInterval + TimeSpan.FromSeconds(1));
        Assert.True(TestBrowser.IsRedirectToLogin(await copy.GetAsync("/")));

        // The account's other sessions go on.
        using var other = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        app.Time.Advance(CheckInterval + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_all_devices_ends_the_session_on_another_computer()
    {
        using var laptop = await app.SignInAsync(DemoAccounts.Ezk);
        using var phone = await app.SignInAsync(DemoAccounts.Ezk);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Reports")).StatusCode);

        var everywhere = await phone.PostFormAsync("/Account/Security?handler=SignOutEverywhere", [], tokenFrom: "/Account/Security");
        Assert.True(TestBrowser.IsRedirectToLogin(everywhere));
        Assert.True(TestBrowser.IsRedirectToLogin(await phone.GetAsync("/Reports")));

        app.Time.Advance(CheckInterval + TimeSpan.FromSeconds(1));
        Assert.True(TestBrowser.IsRedirectToLogin(await laptop.GetAsync("/Reports")));
    }
}
