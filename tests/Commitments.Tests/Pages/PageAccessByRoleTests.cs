using System.Net;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Pages;

/// <summary>Every page by role: who is sent to the login page, who is refused, who gets in.</summary>
public sealed class PageAccessByRoleTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public static readonly TheoryData<string> ProtectedPages =
    [
        "/", "/Commitments", "/Commitments/Create", "/Commitments/Details/1", "/Commitments/Edit/1",
        "/Commitments/Delete/1", "/Reports", "/Reports?handler=Download&year=2018", "/Admin", "/Invitations/Create",
    ];

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string url)
    {
        using var anonymous = app.Anonymous();
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync(url)), url);
    }

    [Fact]
    public async Task Anonymous_visitors_reach_login_password_reset_and_health_but_not_the_job_dashboard()
    {
        using var anonymous = app.Anonymous();
        foreach (var url in new[] { "/Account/Login", "/Account/ForgotPassword", "/Account/ResetPassword", "/Account/AcceptInvitation?token=x", "/health" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url)).StatusCode);
        }
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync("/beheer/taken")));
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Admin")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Progress/NotReported")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Regions/Overview")]
    [InlineData(DemoAccounts.Ocw, "/Admin")]
    [InlineData(DemoAccounts.Ocw, "/Commitments/Create")]
    [InlineData(DemoAccounts.Ocw, "/Invitations/Create")]
    [InlineData(DemoAccounts.TrekkerNoord, "/Admin")]
    [InlineData(DemoAccounts.TrekkerNoord, "/Commitments/Create")]
    public async Task Signed_in_users_are_refused_pages_of_other_roles(string account, string url)
    {
        using var browser = await app.SignInAsync(account);
        Assert.True(TestBrowser.IsAccessDenied(await browser.GetAsync(url)), $"{account} {url}");
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe)]
    [InlineData(DemoAccounts.Ocw)]
    [InlineData(DemoAccounts.TrekkerNoord)]
    public async Task Only_administrators_open_the_job_dashboard(string account)
    {
        using var browser = await app.SignInAsync(account);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/beheer/taken")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_opens_the_job_dashboard_with_the_reminder_job_registered()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var dashboard = await admin.GetAsync("/beheer/taken/recurring");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("progress-reminders", await dashboard.Content.ReadAsStringAsync());

        var (response, page) = await admin.GetPageAsync("/Admin");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Europe/Amsterdam", page.Body!.TextContent);
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Commitments/Create")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Invitations/Create")]
    [InlineData(DemoAccounts.Ocw, "/Reports")]
    [InlineData(DemoAccounts.TrekkerZuid, "/Reports")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Reports")]
    [InlineData(DemoAccounts.Admin, "/Admin")]
    [InlineData(DemoAccounts.Admin, "/Invitations/Create")]
    public async Task Each_role_opens_its_own_pages(string account, string url)
    {
        using var browser = await app.SignInAsync(account);
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("<html lang=\"nl\"[ >]", html);
        Assert.Contains("<main", html);
    }
}

/// <summary>What the browser is told about every page: no scripts, no framing, no sniffing.</summary>
public sealed class SecurityHeaderTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/ForgotPassword")]
    public async Task Pages_forbid_scripts_framing_and_content_sniffing(string url)
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync(url);
        Assert.Contains("script-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
