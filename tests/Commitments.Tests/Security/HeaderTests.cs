using System.Net;
using System.Text.RegularExpressions;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Security;

/// <summary>
/// What the browser is told (ASVS 8.2, 14.4): nothing of a signed-in user or an account page is
/// cached, no device feature is available, and no page, the job dashboard included, can be framed.
/// </summary>
public sealed partial class HeaderTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Account/ForgotPassword")]
    [InlineData("/Account/AcceptInvitation?token=onbekend")]
    public async Task Account_pages_are_never_stored_in_a_cache(string url)
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, url);
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe, "/")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Commitments")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Commitments/Details/1")]
    [InlineData(DemoAccounts.Ocw, "/Reports")]
    [InlineData(DemoAccounts.Admin, "/Admin")]
    public async Task Pages_for_a_signed_in_user_are_never_stored_in_a_cache(string account, string url)
    {
        using var browser = await app.SignInAsync(account);
        var response = await browser.GetAsync(url);
        Assert.True(response.Headers.CacheControl?.NoStore, $"{account} {url}: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task The_report_download_is_never_stored_in_a_cache()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        var response = await lead.GetAsync("/Reports?handler=Download&year=2018");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task The_public_style_sheet_may_still_be_cached()
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(true, response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/css/site.css")]
    public async Task No_page_may_use_camera_microphone_location_or_payment(string url)
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync(url);
        var policy = response.Headers.GetValues("Permissions-Policy").Single();
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
        {
            Assert.Contains(feature, policy);
        }
    }

    [Fact]
    public async Task The_job_dashboard_cannot_be_framed_and_its_own_scripts_still_load()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var response = await admin.GetAsync("/beheer/taken");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("script-src", policy); // the dashboard runs its own scripts
        Assert.True(response.Headers.CacheControl?.NoStore);

        var html = await response.Content.ReadAsStringAsync();
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var js = await admin.GetAsync(WebUtility.HtmlDecode(script));
            Assert.Equal(HttpStatusCode.OK, js.StatusCode);
            Assert.Contains("javascript", js.Content.Headers.ContentType?.MediaType);
        }
    }

    [GeneratedRegex("""<script[^>]*\ssrc="([^"]+)""")]
    private static partial Regex ScriptSource();
}
