using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Security;

/// <summary>
/// Nobody learns from the forms whether an address has an account: a real and an unknown address get
/// the same answer after the same work (ASVS 2.2.x, 3.x account enumeration).
/// </summary>
public sealed class AccountDiscoveryTests(SecurityWebFactory app) : IClassFixture<SecurityWebFactory>
{
    [Fact]
    public async Task Sign_in_with_an_unknown_address_checks_a_password_hash_as_a_real_account_does()
    {
        var real = await SignInWorkAsync("192.0.2.101", DemoAccounts.Ocw, "niet-het-goede-wachtwoord");
        var unknown = await SignInWorkAsync("192.0.2.102", "bestaat.niet@techniekpact.test", "niet-het-goede-wachtwoord");

        Assert.Equal(1, real.PasswordChecks);
        Assert.Equal(real.PasswordChecks, unknown.PasswordChecks);
        Assert.Equal(real.Answer, unknown.Answer);
        Assert.Equal(real.Status, unknown.Status);
    }

    [Fact]
    public async Task A_locked_account_answers_like_an_unknown_address_and_still_checks_a_hash()
    {
        const string account = "trekker.noordwest@techniekpact.test";
        for (var i = 0; i < 5; i++)
        {
            // Spread over addresses and time so that the rate limits stay out of the way.
            await SignInWorkAsync($"192.0.2.{110 + i}", account, "fout-wachtwoord-" + i);
            app.Time.Advance(TimeSpan.FromMinutes(5));
        }
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.NotNull((await db.Users.SingleAsync(u => u.Email == account)).LockoutEnd);
        }

        var locked = await SignInWorkAsync("192.0.2.120", account, CommitmentsWebFactory.Password);
        var unknown = await SignInWorkAsync("192.0.2.121", "ook.onbekend@techniekpact.test", CommitmentsWebFactory.Password);

        Assert.Equal(HttpStatusCode.OK, locked.Status); // refused: the form again
        Assert.Equal(unknown.Answer, locked.Answer);
        Assert.Equal(1, locked.PasswordChecks);
        Assert.Equal(locked.PasswordChecks, unknown.PasswordChecks);
    }

    [Fact]
    public async Task Forgotten_password_answers_alike_after_the_same_look_up_and_one_transaction_for_a_real_and_an_unknown_address()
    {
        var real = await ForgotPasswordWorkAsync("192.0.2.130", DemoAccounts.PartnerGroningen);
        var unknown = await ForgotPasswordWorkAsync("192.0.2.131", "niet.bekend@groningen.test");

        Assert.Equal(real.Answer, unknown.Answer);
        Assert.Contains("Als er een account bij dit e-mailadres hoort", real.Answer);
        Assert.Equal((1, 1), (real.Reads, real.Commits));
        Assert.Equal((real.Reads, real.Commits), (unknown.Reads, unknown.Commits));
        // The mail is only queued in that transaction; it is sent later, by the outbox job.
        Assert.Equal(["INSERT AuditEntries", "INSERT OutboxMessages"], real.Writes.Order());
        Assert.Equal(["INSERT AuditEntries"], unknown.Writes);
        await using var db = app.CreateAdminDbContext();
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.To == DemoAccounts.PartnerGroningen));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.To == "niet.bekend@groningen.test"));
    }

    [Fact]
    public async Task A_reset_link_with_an_unknown_id_answers_like_a_wrong_code_for_a_real_account_and_neither_checks_a_hash()
    {
        string realId;
        await using (var db = app.CreateAdminDbContext())
        {
            realId = (await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerDrenthe)).Id;
        }
        var real = await ResetWorkAsync("192.0.2.140", $"userId={realId}&code=Z2Vlbi1jb2Rl");
        var unknown = await ResetWorkAsync("192.0.2.141", $"userId={Guid.NewGuid()}&code=Z2Vlbi1jb2Rl");

        Assert.Equal(real, unknown);
        Assert.Contains("Deze link is verlopen of al gebruikt", real.Answer);
        Assert.Equal(0, real.PasswordChecks);
    }

    [Fact]
    public async Task Inviting_an_address_that_has_an_account_gives_the_partner_the_same_answer_and_tells_only_the_mailbox_owner()
    {
        using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        // An account of another organisation, and an address without one.
        var existing = await InviteAsync(partner, DemoAccounts.PartnerLimburg);
        var newcomer = await InviteAsync(partner, "nieuwe.collega@drenthe.test");

        Assert.Equal(HttpStatusCode.Redirect, newcomer.Status);
        Assert.Equal(newcomer.Status, existing.Status);
        Assert.Equal(newcomer.Answer.Replace("nieuwe.collega@drenthe.test", "…"), existing.Answer.Replace(DemoAccounts.PartnerLimburg, "…"));
        Assert.DoesNotContain("bestaat al een account", existing.Answer);

        await using var db = app.CreateAdminDbContext();
        Assert.True(await db.Invitations.AnyAsync(i => i.Email == "nieuwe.collega@drenthe.test"));
        Assert.False(await db.Invitations.AnyAsync(i => i.Email == DemoAccounts.PartnerLimburg));
        var toExisting = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerLimburg && m.Subject.StartsWith("Uitnodiging"));
        Assert.Contains("Voor dit e-mailadres bestaat al een account", toExisting.TextBody);
        Assert.Contains(CommitmentsWebFactory.PublicBaseUrl + "/Account/Login", toExisting.TextBody);
        Assert.DoesNotContain("AcceptInvitation", toExisting.TextBody);
        // Both are in the partner's history alike.
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == Core.Domain.AuditActions.InvitationSent
            && (a.Details!.EndsWith(DemoAccounts.PartnerLimburg) || a.Details!.EndsWith("nieuwe.collega@drenthe.test"))));
    }

    private async Task<(HttpStatusCode Status, string Answer, int PasswordChecks)> SignInWorkAsync(string address, string email, string password)
    {
        using var browser = app.AnonymousFrom(address);
        var token = await TokenAsync(browser, "/Account/Login");
        var before = app.PasswordChecks;
        var response = await browser.Client.PostAsync("/Account/Login", Form(token, ("Form.Email", email), ("Form.Password", password)));
        var checks = app.PasswordChecks - before;
        return (response.StatusCode, ErrorSummary(await response.Content.ReadAsStringAsync()), checks);
    }

    private async Task<(HttpStatusCode Status, string Answer, int PasswordChecks)> ResetWorkAsync(string address, string query)
    {
        using var browser = app.AnonymousFrom(address);
        var url = "/Account/ResetPassword?" + query;
        var token = await TokenAsync(browser, url);
        var before = app.PasswordChecks;
        var response = await browser.Client.PostAsync(url, Form(token, ("Password", "Een-nieuw-wachtwoord-1"), ("ConfirmPassword", "Een-nieuw-wachtwoord-1")));
        return (response.StatusCode, ErrorSummary(await response.Content.ReadAsStringAsync()), app.PasswordChecks - before);
    }

    private async Task<(string Answer, int Reads, int Commits, IReadOnlyList<string> Writes)> ForgotPasswordWorkAsync(string address, string email)
    {
        using var browser = app.AnonymousFrom(address);
        var token = await TokenAsync(browser, "/Account/ForgotPassword");
        app.DatabaseWork.Reset();
        var response = await browser.Client.PostAsync("/Account/ForgotPassword", Form(token, ("Email", email)));
        var work = app.DatabaseWork;
        var page = TestBrowser.Parse(await response.Content.ReadAsStringAsync());
        return (page.QuerySelector("main")!.TextContent.Trim(), work.Reads, work.Commits, work.Writes);
    }

    private static async Task<(HttpStatusCode Status, string Answer)> InviteAsync(TestBrowser partner, string email)
    {
        var response = await partner.PostFormAsync("/Invitations/Create", ("Email", email));
        var (_, page) = await partner.GetPageAsync(response.Headers.Location?.OriginalString ?? "/Invitations/Create");
        return (response.StatusCode, page.QuerySelector("[role=status]")?.TextContent ?? "");
    }

    private static async Task<string> TokenAsync(TestBrowser browser, string url)
    {
        var (_, page) = await browser.GetPageAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private static FormUrlEncodedContent Form(string token, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token)));

    private static string ErrorSummary(string html) =>
        TestBrowser.Parse(html).QuerySelector(".error-summary") is IHtmlElement summary ? summary.TextContent.Trim() : "";
}
